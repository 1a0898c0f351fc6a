/**
 * Audio as the endpoint's prompts, voicemail and tests handle it: 16-bit mono PCM, WAV files
 * (RIFF/WAVE with PCM, µ-law or A-law data), linear resampling to the 8 kHz of G.711, sine tones,
 * and Goertzel tone detection that survives G.711 companding. Pure functions over arrays and streams.
 */
package io.peerswitch.endpoint.media.audio;

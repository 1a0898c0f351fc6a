package io.peerswitch.endpoint.sip;

import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import java.util.List;

/**
 * The state of one dialog (RFC 3261 section 12): Call-ID, tags, the URIs of both parties, the remote
 * target and the two CSeq counters. Immutable: sending a request yields the next dialog with it.
 * Peer-to-peer dialogs have an empty route set.
 */
public record Dialog(String callId, String localTag, String remoteTag, String localParty, String remoteParty,
                     String remoteTarget, long localSeq, long remoteSeq, String localContact) {

    /** A request within the dialog and the dialog after sending it. */
    public record Outgoing(Dialog dialog, SipRequest request) {
    }

    /** The dialog a UAC has once {@code response} (with a To tag) answers {@code request} (section 12.1.2). */
    public static Dialog asUac(SipRequest request, SipResponse response, String localContact) {
        NameAddr to = response.to();
        String target = response.header("Contact").flatMap(NameAddr::parse).map(NameAddr::uri).orElse(request.requestUri());
        return new Dialog(request.callId(), request.from().tag().orElseThrow(), to.tag().orElse(""),
                request.from().toString(), to.withoutTag().toString(), target, request.cseq().number(), -1, localContact);
    }

    /** The dialog a UAS has when it answers {@code request} with {@code localTag} (section 12.1.1). */
    public static Dialog asUas(SipRequest request, String localTag, String localContact) {
        String target = request.header("Contact").flatMap(NameAddr::parse).map(NameAddr::uri).orElse(request.from().uri());
        return new Dialog(request.callId(), localTag, request.from().tag().orElse(""),
                request.to().withoutTag().toString(), request.from().withoutTag().toString(), target,
                0, request.cseq().number(), localContact);
    }

    /** A new request of {@code method} in this dialog (section 12.2.1.1), with the next local CSeq. */
    public Outgoing request(String method) {
        long seq = localSeq + 1;
        Dialog next = new Dialog(callId, localTag, remoteTag, localParty, remoteParty, remoteTarget, seq, remoteSeq, localContact);
        return new Outgoing(next, build(method, seq));
    }

    /** The ACK for a 2xx to the INVITE with CSeq {@code inviteSeq} (section 13.2.2.4). */
    public SipRequest ack(long inviteSeq) {
        return build("ACK", inviteSeq);
    }

    /** Whether {@code request} belongs to this dialog (its Call-ID and tags, seen from the other side). */
    public boolean matches(SipRequest request) {
        return callId.equals(request.callId()) && request.to().tag().map(localTag::equals).orElse(false)
                && request.from().tag().orElse("").equals(remoteTag);
    }

    /** The dialog after accepting an in-dialog request with CSeq {@code seq}; refuses an old CSeq (section 12.2.2). */
    public Dialog withRemoteSeq(long seq) {
        return new Dialog(callId, localTag, remoteTag, localParty, remoteParty, remoteTarget, localSeq, seq, localContact);
    }

    /** The dialog with a new remote target from a target-refresh request or its response (section 12.2). */
    public Dialog withRemoteTarget(String target) {
        return new Dialog(callId, localTag, remoteTag, localParty, remoteParty, target, localSeq, remoteSeq, localContact);
    }

    /** The dialog with a remote tag (a UAC learning it from the first response with one). */
    public Dialog withRemoteTag(String tag) {
        return new Dialog(callId, localTag, tag, localParty, remoteParty, remoteTarget, localSeq, remoteSeq, localContact);
    }

    private SipRequest build(String method, long seq) {
        SipRequest request = new SipRequest(method, remoteTarget, List.of(), new byte[0])
                .addHeader("Max-Forwards", "70")
                .addHeader("From", NameAddr.parse(localParty).orElseThrow().withTag(localTag).toString())
                .addHeader("To", remoteTag.isEmpty() ? remoteParty : NameAddr.parse(remoteParty).orElseThrow().withTag(remoteTag).toString())
                .addHeader("Call-ID", callId)
                .addHeader("CSeq", seq + " " + method);
        return method.equals("ACK") || method.equals("BYE") || method.equals("CANCEL")
                ? request : request.addHeader("Contact", localContact);
    }
}

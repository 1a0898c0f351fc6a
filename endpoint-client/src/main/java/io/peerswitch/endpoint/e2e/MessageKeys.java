package io.peerswitch.endpoint.e2e;

import io.peerswitch.wire.identity.EcKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installation's long-term message key (docs/security.md, "Messages end to end"): a P-256 key pair made
 * once and kept in the data directory, readable by its owner only, whose public half the access server
 * certifies at each login. IMs to this installation are encrypted to it; losing the file loses what waits for it.
 */
public final class MessageKeys {

    /** The file in the data directory. */
    public static final String FILE = "message-key.pem";
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private MessageKeys() {
    }

    /** The key pair in {@code dataDir}, made and saved there first if there is none. */
    public static KeyPair loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        KeyPair keys = EcKeys.generate();
        String pem = pem("PRIVATE KEY", keys.getPrivate().getEncoded()) + pem("PUBLIC KEY", keys.getPublic().getEncoded());
        Path temporary = Files.createTempFile(dataDir, ".message-key", ".pem",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, file);
            return keys;
        } catch (FileAlreadyExistsException another) {
            Files.deleteIfExists(temporary);
            return read(file);
        }
    }

    private static KeyPair read(Path file) throws IOException {
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> privateDer = der;
                case "PUBLIC KEY" -> publicDer = der;
                default -> { }
            }
        }
        if (privateDer == null || publicDer == null) {
            throw new IOException(file + " must hold a PRIVATE KEY and a PUBLIC KEY in PEM");
        }
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            KeyPair keys = new KeyPair(ec.generatePublic(new X509EncodedKeySpec(publicDer)),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(privateDer)));
            if (!EcKeys.isP256(keys.getPublic())) {
                throw new IOException(file + ": not a P-256 key");
            }
            return keys;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an EC key pair: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

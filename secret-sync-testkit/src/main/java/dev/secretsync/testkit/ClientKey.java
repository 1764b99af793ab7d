package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An application access point's Client Key, as KMS hands it out: a JSON file
 * {@code {"KeyId":"KAAP.…","PrivateKeyData":"<base64 PKCS#12>"}} and its password. The emulator
 * keeps the public key to check signatures. {@link #toString()} shows the key id only.
 */
public final class ClientKey {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String keyId;
    private final String content;
    private final String password;
    private final PublicKey publicKey;

    private ClientKey(String keyId, String content, String password, PublicKey publicKey) {
        this.keyId = keyId;
        this.content = content;
        this.password = password;
        this.publicKey = publicKey;
    }

    /** Makes a fresh RSA 2048 Client Key with a random password. */
    public static ClientKey generate(String keyId) {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("keyId must not be blank");
        }
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + keyId.replaceAll("[,=+<>#;\"\\\\]", "_"));
            Instant now = Instant.now();
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(subject, new BigInteger(64, random),
                            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                            subject, pair.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            byte[] pw = new byte[12];
            random.nextBytes(pw);
            String password = HexFormat.of().formatHex(pw);
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            p12.load(null, null);
            p12.setKeyEntry(keyId, pair.getPrivate(), password.toCharArray(), new X509Certificate[] {cert});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p12.store(out, password.toCharArray());
            Map<String, String> file = new LinkedHashMap<>();
            file.put("KeyId", keyId);
            file.put("PrivateKeyData", Base64.getEncoder().encodeToString(out.toByteArray()));
            return new ClientKey(keyId, JSON.writeValueAsString(file), password, pair.getPublic());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a client key", e);
        }
    }

    public String keyId() {
        return keyId;
    }

    /** The client key file's JSON content (for the dkms SDK's Config.setClientKeyContent). */
    public String clientKeyContent() {
        return content;
    }

    /** The password of the PKCS#12 data in the client key file. */
    public String password() {
        return password;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Writes the client key file (for Config.setClientKeyFile); the password stays with the caller. */
    public Path writeTo(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write client key file " + file, e);
        }
    }

    @Override
    public String toString() {
        return "ClientKey[" + keyId + "]";
    }
}

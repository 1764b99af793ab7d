package dev.secretsync.kms;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.tea.TeaException;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns whatever the SDKs throw into a classified {@link SourceException} whose message names the
 * secret, the store and the KMS code, and never carries secret material.
 */
final class KmsErrors {

    /** Query parameters and JSON fields whose values are secret in SDK messages (URLs, STS bodies). */
    private static final Pattern SECRET_FIELDS = Pattern.compile(
            "(?i)((?:Signature|SecurityToken|AccessKeySecret|OIDCToken|Password|PrivateKeyData|SecretData)"
                    + "\"?\\s*(?:[=:]|%3D|%253D)\\s*\"?)(?:(?!%26|%2526)[^\"&,}\\s])+");
    private static final int MAX_DETAIL = 300;
    private static final Pattern CREDENTIAL_HTTP_STATUS = Pattern.compile("(?:HttpCode[:=]\\s*|HTTP )(\\d{1,3})\\b");

    private KmsErrors() {
    }

    /** Classifies {@code error}, raised while fetching {@code ref} from a KMS store. */
    static SourceException classify(Throwable error, SourceRef ref, Collection<String> secrets) {
        return classify(error, ref, secrets, KmsStoreConfig.Service.KMS);
    }

    /** Classifies {@code error}, raised while fetching {@code ref} from a store of {@code service}. */
    static SourceException classify(Throwable error, SourceRef ref, Collection<String> secrets,
                                    KmsStoreConfig.Service service) {
        String subject = subject(ref, service);
        String operation = operation(service);
        TeaException tea = find(error, TeaException.class);
        boolean hasCode = tea != null && tea.getCode() != null && !"null".equals(tea.getCode());
        if (tea != null && (hasCode || statusOf(tea) > 0)) {
            int status = statusOf(tea);
            String code = hasCode ? tea.getCode() : "HTTP" + status;
            FailureKind kind = kindOf(code, status);
            String detail = redact(tea.getMessage(), secrets);
            return new SourceException(kind, code, service + " refused " + operation + " for " + subject + ": " + code
                    + (status > 0 ? " (HTTP " + status + ")" : "") + " - " + detail, null);
        }
        CredentialException credential = find(error, CredentialException.class);
        if (credential != null) {
            return credentialFailure(credential, "could not sign in to " + service + " for " + subject, secrets);
        }
        IOException io = find(error, IOException.class);
        if (io != null) {
            return ioFailure(io, operation + " for " + subject, secrets);
        }
        if (find(error, GeneralSecurityException.class) != null) {
            return new SourceException(FailureKind.INVALID, "TlsError", "TLS setup failed for " + subject + ": "
                    + redact(messageChain(error), secrets), null);
        }
        return new SourceException(FailureKind.RETRYABLE, "ClientError", operation + " failed for " + subject
                + ": " + error.getClass().getSimpleName() + ": " + redact(messageChain(error), secrets), null);
    }

    /** A failure to build a store's client (bad key file, disabled metadata service, ...). */
    static SourceException clientSetupFailure(Throwable error, SourceRef ref, Collection<String> secrets,
                                              KmsStoreConfig.Service service) {
        String what = "could not set up the " + service + " client for store '" + ref.store() + "' ("
                + (service == KmsStoreConfig.Service.OOS ? "parameter '" : "secret '") + ref.name() + "')";
        CredentialException credential = find(error, CredentialException.class);
        if (credential != null) {
            return credentialFailure(credential, what, secrets);
        }
        return new SourceException(FailureKind.INVALID, "ClientSetup", what + ": "
                + redact(messageChain(error), secrets), null);
    }

    private static String subject(SourceRef ref, KmsStoreConfig.Service service) {
        return (service == KmsStoreConfig.Service.OOS ? "parameter '" : "secret '") + ref.name() + "' in store '"
                + ref.store() + "'";
    }

    private static String operation(KmsStoreConfig.Service service) {
        return service == KmsStoreConfig.Service.OOS ? "GetSecretParameter" : "GetSecretValue";
    }

    /**
     * credentials-java reports STS and credentials-server failures as a CredentialException with the
     * HTTP status in its text; status 0 means the server was not reached at all.
     */
    static SourceException credentialFailure(CredentialException e, String what, Collection<String> secrets) {
        String detail = redact(messageChain(e), secrets);
        Matcher m = CREDENTIAL_HTTP_STATUS.matcher(detail);
        int status = m.find() ? Integer.parseInt(m.group(1)) : -1;
        FailureKind kind;
        String code;
        if (status == 0) {
            kind = FailureKind.RETRYABLE;
            code = "CredentialServiceUnreachable";
            detail = "the STS or credentials endpoint could not be reached: " + detail;
        } else if (status == 429) {
            kind = FailureKind.THROTTLED;
            code = "CredentialServiceThrottled";
        } else if (status >= 500) {
            kind = FailureKind.RETRYABLE;
            code = "CredentialServiceError";
        } else {
            kind = FailureKind.DENIED;
            code = "CredentialError";
        }
        return new SourceException(kind, code, what + ": " + detail, null);
    }

    static FailureKind kindOf(String code, int status) {
        String c = code == null ? "" : code;
        if (c.equals("Rejected.Throttling") || c.startsWith("Throttling") || status == 429) {
            return FailureKind.THROTTLED;
        }
        if (c.equals("Forbidden.ResourceNotFound") || c.equals("ResourceNotFound")
                || c.startsWith("Forbidden.ResourceNotFound") || c.startsWith("EntityNotExists")) {
            return FailureKind.NOT_FOUND;
        }
        if (c.startsWith("Forbidden") || c.startsWith("InvalidAccessKeyId") || c.startsWith("InvalidSecurityToken")
                || c.equals("IncompleteSignature") || c.startsWith("SignatureDoesNotMatch") || c.equals("SignatureNonceUsed")
                || c.equals("IllegalTimestamp") || c.equals("RequestTimeTooSkewed") || c.startsWith("NoPermission")
                || c.startsWith("AccessDenied") || c.startsWith("Unauthorized") || status == 401 || status == 403) {
            return FailureKind.DENIED;
        }
        if (c.equals("InternalFailure") || c.startsWith("ServiceUnavailable") || c.equals("InternalError")
                || status >= 500) {
            return FailureKind.RETRYABLE;
        }
        if (status == 404) {
            return FailureKind.NOT_FOUND;
        }
        return FailureKind.INVALID;
    }

    private static SourceException ioFailure(IOException io, String call, Collection<String> secrets) {
        String what;
        FailureKind kind = FailureKind.RETRYABLE;
        if (io instanceof SSLPeerUnverifiedException || io instanceof SSLHandshakeException) {
            // A certificate we do not trust will not become trusted by retrying.
            kind = FailureKind.INVALID;
            what = "TLS handshake failed (check caPem and the endpoint's certificate)";
        } else if (io instanceof SocketTimeoutException || io instanceof InterruptedIOException) {
            what = "timed out";
        } else if (io instanceof ConnectException || io instanceof NoRouteToHostException) {
            what = "connection refused";
        } else if (io instanceof UnknownHostException) {
            what = "unknown host";
        } else if (io instanceof SocketException) {
            what = "connection reset";
        } else {
            what = "I/O error";
        }
        String code = kind == FailureKind.INVALID ? "TlsError" : "NetworkError";
        return new SourceException(kind, code, call + " failed: " + what + ": "
                + io.getClass().getSimpleName() + ": " + redact(String.valueOf(io.getMessage()), secrets), null);
    }

    private static int statusOf(TeaException tea) {
        if (tea.getStatusCode() != null) {
            return tea.getStatusCode();
        }
        Map<String, Object> data = tea.getData();
        if (data != null) {
            for (String key : List.of("statusCode", "httpCode", "StatusCode")) {
                Object v = data.get(key);
                if (v != null) {
                    try {
                        return (int) Double.parseDouble(String.valueOf(v));
                    } catch (NumberFormatException ignored) {
                        // not a number: fall through
                    }
                }
            }
        }
        return -1;
    }

    /** Replaces known secrets and secret-looking fields, and caps the length. */
    static String redact(String message, Collection<String> secrets) {
        if (message == null) {
            return "";
        }
        String out = message;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                // STS echoes its string-to-sign, where values are percent-encoded once or twice.
                String once = URLEncoder.encode(secret, StandardCharsets.UTF_8);
                String twice = URLEncoder.encode(once, StandardCharsets.UTF_8);
                out = out.replace(secret, "<redacted>").replace(once, "<redacted>").replace(twice, "<redacted>");
            }
        }
        out = SECRET_FIELDS.matcher(out).replaceAll("$1<redacted>");
        out = out.replaceAll("\\s+", " ").trim();
        return out.length() > MAX_DETAIL ? out.substring(0, MAX_DETAIL) + "..." : out;
    }

    private static String messageChain(Throwable error) {
        StringBuilder sb = new StringBuilder();
        Throwable t = error;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && sb.indexOf(m) < 0) {
                if (sb.length() > 0) {
                    sb.append(" <- ");
                }
                sb.append(m);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.length() == 0 ? error.getClass().getSimpleName() : sb.toString();
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

package dev.secretsync.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaRetryableException;
import com.aliyun.tea.TeaUnretryableException;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KmsErrorsTest {

    private static final SourceRef REF = SourceRef.current("prod", "app-db");

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource({
            "Rejected.Throttling, 429, THROTTLED",
            "Throttling.User, 400, THROTTLED",
            "SomethingElse, 429, THROTTLED",
            "InternalFailure, 500, RETRYABLE",
            "ServiceUnavailableTemporary, 503, RETRYABLE",
            "UnknownError, 502, RETRYABLE",
            "Forbidden.ResourceNotFound, 404, NOT_FOUND",
            "NotFound.Something, 404, NOT_FOUND",
            "EntityNotExists.Parameter, 404, NOT_FOUND",
            "EntityNotExists.Parameter, 400, NOT_FOUND",
            "Forbidden.NoPermission, 403, DENIED",
            "Forbidden.AccessKey, 403, DENIED",
            "Forbidden.KmsServiceNotEnabled, 403, DENIED",
            "InvalidAccessKeyId.NotFound, 404, DENIED",
            "InvalidAccessKeyId.Inactive, 400, DENIED",
            "IncompleteSignature, 400, DENIED",
            "SignatureDoesNotMatch, 400, DENIED",
            "IllegalTimestamp, 400, DENIED",
            "RequestTimeTooSkewed, 400, DENIED",
            "InvalidSecurityToken.Expired, 400, DENIED",
            "InvalidParameter, 400, INVALID",
            "MissingParameter, 400, INVALID",
            "Rejected.ResourceInDeleteWindow, 409, INVALID",
            "Rejected.Disabled, 409, INVALID"})
    void mapsKmsCodes(String code, int status, FailureKind expected) {
        assertThat(KmsErrors.kindOf(code, status)).isEqualTo(expected);
        SourceException e = KmsErrors.classify(tea(code, status, "something went wrong"), REF, List.of());
        assertThat(e.kind()).isEqualTo(expected);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).contains("'app-db'").contains("'prod'").contains(code).contains("HTTP " + status);
    }

    @Test
    void dkmsErrorsCarryTheStatusInHttpCode() {
        TeaException e = new TeaException(Map.of("code", "Rejected.Throttling", "message", "QPS Limit Exceeded",
                "data", Map.of("httpCode", 429, "requestId", "r-1")));
        assertThat(KmsErrors.classify(e, REF, List.of()).kind()).isEqualTo(FailureKind.THROTTLED);
    }

    @Test
    void anAnswerWithoutACodeIsClassifiedByItsStatus() {
        TeaException e = new TeaException(Map.of("message", "bad gateway", "data", Map.of("statusCode", 502)));
        SourceException mapped = KmsErrors.classify(e, REF, List.of());
        assertThat(mapped.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(mapped.code()).isEqualTo("HTTP502");
    }

    @Test
    void networkFailuresAreRetryable() {
        assertThat(classifyIo(new SocketTimeoutException("Read timed out")).kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(classifyIo(new SocketTimeoutException("Read timed out")).getMessage()).contains("timed out");
        assertThat(classifyIo(new ConnectException("Connection refused")).kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(classifyIo(new SocketException("Connection reset")).getMessage()).contains("connection reset");
        assertThat(classifyIo(new IOException("unexpected end of stream")).kind()).isEqualTo(FailureKind.RETRYABLE);
    }

    @Test
    void untrustedCertificatesAreNotRetried() {
        SourceException e = classifyIo(new SSLHandshakeException("PKIX path building failed"));
        assertThat(e.kind()).isEqualTo(FailureKind.INVALID);
        assertThat(e.getMessage()).contains("caPem");
    }

    @Test
    void credentialFailuresAreDenied() {
        SourceException e = KmsErrors.classify(new CredentialException("Error refreshing credentials from RamRoleArn, "
                + "HttpCode: 400, result: {\"AccessKeySecret\":\"" + Canaries.ACCESS_KEY_SECRET + "\"}."), REF, List.of());
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.getMessage()).contains("could not sign in").doesNotContain(Canaries.PREFIX);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Error refreshing credentials from RamRoleArn, HttpCode: 0, result: .| RETRYABLE",
            "Failed to get credentials from server: http://127.0.0.1:1/c HttpCode=0 HttpRAWContent=| RETRYABLE",
            "Error refreshing credentials from OIDC, HttpCode: 503, result: {}.| RETRYABLE",
            "Error refreshing credentials from RamRoleArn, HttpCode: 429, result: {}.| THROTTLED",
            "Error refreshing credentials from RamRoleArn, HttpCode: 403, result: {\"Code\":\"NoPermission\"}.| DENIED",
            "IMDS credentials is disabled.| DENIED"})
    void credentialFailuresAreClassifiedByTheirHttpStatus(String message, FailureKind expected) {
        assertThat(KmsErrors.classify(new CredentialException(message), REF, List.of()).kind()).isEqualTo(expected);
    }

    @Test
    void knownSecretsAndSecretFieldsAreRedacted() {
        String leaky = "GET https://sts.aliyuncs.com/?AccessKeyId=LTAI&SecurityToken=abc123tok&Signature=sig%3D "
                + Canaries.ACCESS_KEY_SECRET + " password: " + Canaries.PASSWORD + " \"SecretData\":\"" + Canaries.SECRET_VALUE + "\"";
        String redacted = KmsErrors.redact(leaky, List.of(Canaries.ACCESS_KEY_SECRET));
        assertThat(redacted).doesNotContain(Canaries.PREFIX).doesNotContain("abc123tok").doesNotContain("sig%3D")
                .contains("AccessKeyId=LTAI");
        SourceException e = KmsErrors.classify(tea("InvalidParameter", 400, "bad " + Canaries.SECURITY_TOKEN),
                REF, List.of(Canaries.SECURITY_TOKEN));
        assertThat(e.getMessage()).doesNotContain(Canaries.PREFIX);
        assertThat(e.getCause()).isNull();
    }

    @Test
    void percentEncodedTokensInAnEchoedStringToSignAreRedacted() {
        String token = "CAES+abc/def==" + Canaries.PREFIX;
        String doubleEncoded = java.net.URLEncoder.encode(java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8);
        String echoed = "Error refreshing credentials from RamRoleArn, HttpCode: 400, result: {\"Code\":\"SignatureDoesNotMatch\","
                + "\"Message\":\"server string to sign is:GET&%2F&AccessKeyId%3DSTS.x%26Action%3DAssumeRole%26SecurityToken%3D"
                + doubleEncoded + "%26SignatureMethod%3DHMAC-SHA1\"}";
        assertThat(KmsErrors.redact(echoed, List.of())).doesNotContain("CAES").doesNotContain(Canaries.PREFIX)
                .contains("SignatureMethod%3DHMAC-SHA1");
        assertThat(KmsErrors.redact(echoed, List.of(token))).doesNotContain(Canaries.PREFIX);
    }

    private static SourceException classifyIo(IOException io) {
        // The shape tea uses: the I/O error wrapped as retryable, then as unretryable after the last try.
        return KmsErrors.classify(new TeaUnretryableException(null, new TeaRetryableException(io)), REF, List.of());
    }

    private static TeaException tea(String code, int status, String message) {
        return new TeaException(Map.of("code", code, "message", "code: " + status + ", " + message + " request id: r-1",
                "data", Map.of("statusCode", status, "Code", code)));
    }
}

package dev.secretsync.kms;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.credentials.http.CompatibleUrlConnClient;
import com.aliyun.credentials.http.FormatType;
import com.aliyun.credentials.http.HttpRequest;
import com.aliyun.credentials.http.HttpResponse;
import com.aliyun.credentials.http.MethodType;
import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.RefreshResult;
import com.aliyun.credentials.provider.SessionCredentialsProvider;
import com.aliyun.credentials.utils.AuthConstant;
import com.aliyun.credentials.utils.ParameterHelper;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * RRSA with an OIDC token from a {@link Supplier} instead of a file: credentials-java's own OIDC
 * provider only reads a file, and a controller that gets ServiceAccount tokens via TokenRequest
 * should not have to write them to disk.
 *
 * <p>It speaks the same STS AssumeRoleWithOIDC request (an unsigned form POST over HTTPS) through
 * credentials-java's HTTP client, and inherits {@link SessionCredentialsProvider}'s cache, which
 * refreshes the credential 15 minutes before it expires and asks the supplier for a fresh token
 * each time.
 */
final class SuppliedTokenOidcCredentialProvider extends SessionCredentialsProvider {

    static final String PROVIDER_NAME = "oidc_role_arn_supplied_token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String roleArn;
    private final String oidcProviderArn;
    private final Supplier<String> tokenSupplier;
    private final String roleSessionName;
    private final int durationSeconds;
    private final String stsEndpoint;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    private SuppliedTokenOidcCredentialProvider(Builder builder) {
        super(builder);
        this.roleArn = builder.roleArn;
        this.oidcProviderArn = builder.oidcProviderArn;
        this.tokenSupplier = builder.tokenSupplier;
        this.roleSessionName = builder.roleSessionName;
        this.durationSeconds = builder.durationSeconds;
        this.stsEndpoint = builder.stsEndpoint;
        this.connectTimeoutMillis = builder.connectTimeoutMillis;
        this.readTimeoutMillis = builder.readTimeoutMillis;
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public RefreshResult<CredentialModel> refreshCredentials() {
        String token;
        try {
            token = tokenSupplier.get();
        } catch (RuntimeException e) {
            throw new CredentialException("the OIDC token supplier failed: " + e.getClass().getSimpleName());
        }
        if (token == null || token.isBlank()) {
            throw new CredentialException("the OIDC token supplier returned no token");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("DurationSeconds", String.valueOf(durationSeconds));
        form.put("RoleArn", roleArn);
        form.put("OIDCProviderArn", oidcProviderArn);
        form.put("OIDCToken", token.trim());
        form.put("RoleSessionName", roleSessionName);
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });

        HttpRequest request = new HttpRequest();
        request.setUrlParameter("Action", "AssumeRoleWithOIDC");
        request.setUrlParameter("Format", "JSON");
        request.setUrlParameter("Version", "2015-04-01");
        request.setHttpContent(body.toString().getBytes(StandardCharsets.UTF_8), "UTF-8", FormatType.FORM);
        request.setSysMethod(MethodType.POST);
        request.setSysConnectTimeout(connectTimeoutMillis);
        request.setSysReadTimeout(readTimeoutMillis);
        request.setSysUrl(new ParameterHelper().composeUrl(stsEndpoint, request.getUrlParameters(), "https"));

        HttpResponse response;
        try (CompatibleUrlConnClient client = new CompatibleUrlConnClient()) {
            response = client.syncInvoke(request);
        } catch (RuntimeException e) {
            throw new CredentialException("could not reach STS at " + stsEndpoint + " for AssumeRoleWithOIDC: "
                    + e.getMessage());
        }
        Map<String, Object> json = parse(response.getHttpContentString());
        if (response.getResponseCode() != 200) {
            // Only the error code and message: never echo the whole body.
            throw new CredentialException("STS AssumeRoleWithOIDC for role " + roleArn + " failed: HTTP "
                    + response.getResponseCode() + " " + json.getOrDefault("Code", "")
                    + " " + json.getOrDefault("Message", response.getResponseMessage()));
        }
        Object credentials = json.get("Credentials");
        if (!(credentials instanceof Map<?, ?> c) || !(c.get("AccessKeyId") instanceof String id)
                || !(c.get("AccessKeySecret") instanceof String secret)
                || !(c.get("SecurityToken") instanceof String securityToken)
                || !(c.get("Expiration") instanceof String expirationText)) {
            throw new CredentialException("STS AssumeRoleWithOIDC for role " + roleArn
                    + " answered without complete Credentials");
        }
        long expiration = ParameterHelper.getUTCDate(expirationText).getTime();
        CredentialModel credential = CredentialModel.builder()
                .accessKeyId(id)
                .accessKeySecret(secret)
                .securityToken(securityToken)
                .type(AuthConstant.OIDC_ROLE_ARN)
                .providerName(PROVIDER_NAME)
                .expiration(expiration)
                .build();
        return RefreshResult.builder(credential).staleTime(getStaleTime(expiration)).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        try {
            Object parsed = JSON.readValue(body, Object.class);
            return parsed instanceof Map ? (Map<String, Object>) parsed : Map.of();
        } catch (JacksonException e) {
            return Map.of();
        }
    }

    @Override
    public String getProviderName() {
        return PROVIDER_NAME;
    }

    static final class Builder extends SessionCredentialsProvider.BuilderImpl<SuppliedTokenOidcCredentialProvider, Builder> {
        private String roleArn;
        private String oidcProviderArn;
        private Supplier<String> tokenSupplier;
        private String roleSessionName;
        private int durationSeconds;
        private String stsEndpoint;
        private int connectTimeoutMillis;
        private int readTimeoutMillis;

        Builder roleArn(String value) {
            this.roleArn = value;
            return this;
        }

        Builder oidcProviderArn(String value) {
            this.oidcProviderArn = value;
            return this;
        }

        Builder tokenSupplier(Supplier<String> value) {
            this.tokenSupplier = value;
            return this;
        }

        Builder roleSessionName(String value) {
            this.roleSessionName = value;
            return this;
        }

        Builder durationSeconds(int value) {
            this.durationSeconds = value;
            return this;
        }

        Builder stsEndpoint(String value) {
            this.stsEndpoint = value;
            return this;
        }

        Builder connectTimeoutMillis(int value) {
            this.connectTimeoutMillis = value;
            return this;
        }

        Builder readTimeoutMillis(int value) {
            this.readTimeoutMillis = value;
            return this;
        }

        @Override
        public SuppliedTokenOidcCredentialProvider build() {
            return new SuppliedTokenOidcCredentialProvider(this);
        }
    }
}

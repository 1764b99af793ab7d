package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Serves the KMS and OOS APIs (told apart by their API version): faults, signature check, then the operation. */
final class KmsHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(KmsHandler.class.getName());

    private final KmsApi api;
    private final OosApi oos;
    private final SignatureVerifier verifier;
    private final FaultGate faults;
    private final RequestCounters counters;
    private final ClientKeyEndpoint clientKeys;

    KmsHandler(KmsApi api, OosApi oos, SignatureVerifier verifier, FaultGate faults, RequestCounters counters,
            ClientKeyEndpoint clientKeys) {
        this.api = api;
        this.oos = oos;
        this.verifier = verifier;
        this.faults = faults;
        this.counters = counters;
        this.clientKeys = clientKeys;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = Http.newRequestId();
        try {
            ApiRequest request = ApiRequest.read(exchange);
            if (ClientKeyEndpoint.accepts(request)) {
                clientKeys.handle(exchange, request, requestId);
                return;
            }
            boolean acs3 = SignatureVerifier.isAcs3(request);
            String action = acs3 ? request.header("x-acs-action") : request.param("Action");
            if (action == null || action.isEmpty()) {
                throw KmsException.missingParameter("Action");
            }
            String parameterName = request.param("Name");
            counters.count(action, OosApi.isKnown(action) && parameterName != null ? parameterName
                    : api.secretNameOf(request::param));
            if (!faults.apply(exchange)) {
                return;
            }
            if (acs3) {
                verifier.verifyAcs3(request);
            } else {
                verifier.verifyV1(request);
            }
            String version = acs3 ? request.header("x-acs-version") : request.param("Version");
            if (version == null || version.isEmpty()) {
                throw KmsException.missingParameter("Version");
            }
            Map<String, Object> body;
            if (KmsApi.VERSION.equals(version)) {
                body = api.call(action, request::param, requestId);
            } else if (OosApi.VERSION.equals(version)) {
                body = oos.call(action, request::param, requestId);
            } else {
                throw new KmsException(400, "InvalidVersion", "Specified parameter Version is not valid.");
            }
            Http.sendJson(exchange, 200, body, requestId);
        } catch (KmsException e) {
            Http.sendError(exchange, e, requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "KMS emulator failed on a request", e);
            Http.sendError(exchange, new KmsException(500, "InternalFailure",
                    "The request processing has failed due to some unknown error."), requestId);
        }
    }

}

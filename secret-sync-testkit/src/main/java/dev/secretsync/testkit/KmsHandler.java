package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Serves the KMS API: faults, signature check, then the operation. */
final class KmsHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(KmsHandler.class.getName());

    private final KmsApi api;
    private final SignatureVerifier verifier;
    private final Faults faults;
    private final RequestCounters counters;
    private final Random random;
    private final ClientKeyEndpoint clientKeys;

    KmsHandler(KmsApi api, SignatureVerifier verifier, Faults faults, RequestCounters counters, Random random,
            ClientKeyEndpoint clientKeys) {
        this.api = api;
        this.verifier = verifier;
        this.faults = faults;
        this.counters = counters;
        this.random = random;
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
            counters.count(action, api.secretNameOf(request::param));
            if (!applyFaults(exchange)) {
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
            if (!KmsApi.VERSION.equals(version)) {
                throw new KmsException(400, "InvalidVersion", "Specified parameter Version is not valid.");
            }
            Map<String, Object> body = api.call(action, request::param, requestId);
            Http.sendJson(exchange, 200, body, requestId);
        } catch (KmsException e) {
            Http.sendError(exchange, e, requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "KMS emulator failed on a request", e);
            Http.sendError(exchange, new KmsException(500, "InternalFailure",
                    "The request processing has failed due to some unknown error."), requestId);
        }
    }

    /** Returns false when the connection was closed (a reset fault). */
    boolean applyFaults(HttpExchange exchange) {
        Faults.Decision decision = faults.decide();
        if (!decision.latency().isZero()) {
            try {
                TimeUnit.MILLISECONDS.sleep(decision.latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (decision.outcome() == null || decision.outcome() == Faults.Kind.LATENCY) {
            return true;
        }
        if (decision.outcome() == Faults.Kind.CONNECTION_RESET) {
            // Closing before the response headers drops the connection: the client sees it end.
            exchange.close();
            return false;
        }
        throw Faults.errorFor(decision);
    }
}

package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.util.concurrent.TimeUnit;

/** Applies the fault decision for one request: delay, drop the connection, or answer an error. */
final class FaultGate {
    private final Faults faults;

    FaultGate(Faults faults) {
        this.faults = faults;
    }

    /** Returns false when the connection was closed (a reset); throws the error answer for error faults. */
    boolean apply(HttpExchange exchange) {
        Faults.Decision decision = faults.decide();
        if (!decision.latency().isZero()) {
            try {
                TimeUnit.MILLISECONDS.sleep(decision.latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (decision.outcome() == null) {
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

package dev.secretsync.testkit;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * OOS encrypted parameters (API version 2019-06-01): {@code GetSecretParameter}, answering in OOS's
 * JSON shape. Each put makes a new parameter version, numbered from 1 as OOS does.
 */
final class OosApi {
    static final String VERSION = "2019-06-01";

    /** One version of a parameter; {@link #toString()} never shows the value. */
    private record StoredParameter(String name, String value, int version, Instant created, Instant updated) {
        @Override
        public String toString() {
            return "StoredParameter[" + name + " v" + version + ", value=<redacted>]";
        }
    }

    private final Clock clock;
    private final String region;
    private final String accountId;
    private final Map<String, StoredParameter> parameters = new TreeMap<>();

    OosApi(Clock clock, String region, String accountId) {
        this.clock = clock;
        this.region = region;
        this.accountId = accountId;
    }

    static boolean isKnown(String action) {
        return "GetSecretParameter".equals(action);
    }

    synchronized void load(Seed seed) {
        for (Seed.Parameter p : seed.parameters()) {
            put(p.name(), p.value());
        }
    }

    /** Creates the parameter or adds a version to it. */
    synchronized void put(String name, String value) {
        Instant now = clock.instant();
        StoredParameter current = parameters.get(name);
        parameters.put(name, current == null ? new StoredParameter(name, value, 1, now, now)
                : new StoredParameter(name, value, current.version() + 1, current.created(), now));
    }

    Map<String, Object> call(String action, Function<String, String> params, String requestId) {
        if (!isKnown(action)) {
            throw new KmsException(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        }
        String name = params.apply("Name");
        if (name == null || name.isEmpty()) {
            throw KmsException.missingParameter("Name");
        }
        StoredParameter p;
        synchronized (this) {
            p = parameters.get(name);
        }
        if (p == null) {
            throw new KmsException(404, "EntityNotExists.Parameter", "The Parameter (" + name + ") does not exist.");
        }
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("Id", "p-" + Integer.toHexString(name.hashCode() & 0x7fffffff));
        parameter.put("Name", p.name());
        parameter.put("Type", "Secret");
        parameter.put("ParameterVersion", p.version());
        parameter.put("CreatedDate", KmsApi.time(p.created()));
        parameter.put("UpdatedDate", KmsApi.time(p.updated()));
        parameter.put("CreatedBy", "root(" + accountId + ")");
        parameter.put("UpdatedBy", "root(" + accountId + ")");
        parameter.put("Description", "");
        parameter.put("ShareType", "Private");
        parameter.put("KeyId", "alias/acs/oos");
        parameter.put("Constraints", "");
        parameter.put("Tags", Map.of());
        parameter.put("ResourceGroupId", "rg-" + region);
        // OOS returns the value only when asked to decrypt it.
        if ("true".equals(String.valueOf(params.apply("WithDecryption")).toLowerCase(Locale.ROOT))) {
            parameter.put("Value", p.value());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RequestId", requestId);
        out.put("Parameter", parameter);
        return out;
    }
}

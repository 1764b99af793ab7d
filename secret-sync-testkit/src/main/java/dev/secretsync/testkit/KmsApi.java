package dev.secretsync.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The five secret operations, answering in KMS's JSON shapes (API version 2016-01-20). */
final class KmsApi {
    static final String VERSION = "2016-01-20";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretStore store;
    private final String region;
    private final String accountId;

    KmsApi(SecretStore store, String region, String accountId) {
        this.store = store;
        this.region = region;
        this.accountId = accountId;
    }

    static boolean isKnown(String action) {
        return switch (action) {
            case "GetSecretValue", "DescribeSecret", "ListSecrets", "ListSecretVersionIds", "PutSecretValue" -> true;
            default -> false;
        };
    }

    /** The secret a call is about, for the per-secret counters; null for ListSecrets. */
    String secretNameOf(Function<String, String> params) {
        String name = params.apply("SecretName");
        return name == null ? null : plainName(name);
    }

    Map<String, Object> call(String action, Function<String, String> params, String requestId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RequestId", requestId);
        switch (action) {
            case "GetSecretValue" -> getSecretValue(params, out);
            case "DescribeSecret" -> describeSecret(params, out);
            case "ListSecrets" -> listSecrets(params, out);
            case "ListSecretVersionIds" -> listSecretVersionIds(params, out);
            case "PutSecretValue" -> putSecretValue(params, out);
            default -> throw new KmsException(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        }
        return out;
    }

    private void getSecretValue(Function<String, String> p, Map<String, Object> out) {
        String name = plainName(required(p, "SecretName"));
        SecretStore.VersionView v = store.version(name, p.apply("VersionId"), p.apply("VersionStage"));
        if (bool(p.apply("DryRun"))) {
            throw new KmsException(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
        }
        out.put("SecretName", v.secretName());
        out.put("SecretType", v.secretType());
        out.put("SecretData", v.data());
        out.put("SecretDataType", v.dataType().wireName());
        out.put("VersionId", v.versionId());
        out.put("CreateTime", time(v.createTime()));
        out.put("VersionStages", Map.of("VersionStage", v.stages()));
        if (bool(p.apply("FetchExtendedConfig"))) {
            SecretStore.StoredSecret s = v.secret();
            putIfSet(out, "LastRotationDate", time(s.lastRotationDate));
            putIfSet(out, "NextRotationDate", time(s.nextRotationDate));
            putIfSet(out, "ExtendedConfig", s.extendedConfig);
            out.put("AutomaticRotation", s.automaticRotation);
            putIfSet(out, "RotationInterval", interval(s.rotationInterval));
        }
    }

    private void describeSecret(Function<String, String> p, Map<String, Object> out) {
        SecretStore.StoredSecret s = store.describe(plainName(required(p, "SecretName")));
        out.put("SecretName", s.name);
        out.put("Arn", arn(s.name));
        out.put("SecretType", s.type);
        out.put("Description", s.description == null ? "" : s.description);
        out.put("EncryptionKeyId", "");
        out.put("CreateTime", time(s.createTime));
        out.put("UpdateTime", time(s.updateTime));
        out.put("AutomaticRotation", s.automaticRotation);
        putIfSet(out, "RotationInterval", interval(s.rotationInterval));
        putIfSet(out, "LastRotationDate", time(s.lastRotationDate));
        putIfSet(out, "NextRotationDate", time(s.nextRotationDate));
        putIfSet(out, "ExtendedConfig", s.extendedConfig);
        out.put("PlannedDeleteTime", "");
        if (bool(p.apply("FetchTags"))) {
            out.put("Tags", Map.of("Tag", tags(s)));
        }
    }

    private void listSecrets(Function<String, String> p, Map<String, Object> out) {
        int pageNumber = intParam(p, "PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = intParam(p, "PageSize", 10, 1, 100);
        List<Map<String, Object>> filters = filters(p.apply("Filters"));
        boolean fetchTags = bool(p.apply("FetchTags"));
        List<Map<String, Object>> matched = new ArrayList<>();
        for (SecretStore.StoredSecret s : store.all()) {
            if (!matches(s, filters)) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("SecretName", s.name);
            item.put("SecretType", s.type);
            item.put("CreateTime", time(s.createTime));
            item.put("UpdateTime", time(s.updateTime));
            item.put("PlannedDeleteTime", "");
            if (fetchTags) {
                item.put("Tags", Map.of("Tag", tags(s)));
            }
            matched.add(item);
        }
        out.put("PageNumber", pageNumber);
        out.put("PageSize", pageSize);
        out.put("TotalCount", matched.size());
        out.put("SecretList", Map.of("Secret", page(matched, pageNumber, pageSize)));
    }

    private void listSecretVersionIds(Function<String, String> p, Map<String, Object> out) {
        String name = plainName(required(p, "SecretName"));
        int pageNumber = intParam(p, "PageNumber", 1, 1, Integer.MAX_VALUE);
        int pageSize = intParam(p, "PageSize", 10, 1, 100);
        boolean includeDeprecated = bool(p.apply("IncludeDeprecated"));
        SecretStore.StoredSecret s = store.describe(name);
        List<Map<String, Object>> versions = new ArrayList<>();
        for (SecretStore.StoredVersion v : s.versions.values()) {
            if (v.stages.isEmpty() && !includeDeprecated) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("VersionId", v.id);
            item.put("CreateTime", time(v.createTime));
            item.put("VersionStages", Map.of("VersionStage", List.copyOf(v.stages)));
            versions.add(item);
        }
        out.put("SecretName", name);
        out.put("PageNumber", pageNumber);
        out.put("PageSize", pageSize);
        out.put("TotalCount", versions.size());
        out.put("VersionIds", Map.of("VersionId", page(versions, pageNumber, pageSize)));
    }

    private void putSecretValue(Function<String, String> p, Map<String, Object> out) {
        String name = plainName(required(p, "SecretName"));
        String versionId = required(p, "VersionId");
        String data = required(p, "SecretData");
        String dataTypeParam = p.apply("SecretDataType");
        Seed.DataType dataType;
        try {
            dataType = Seed.DataType.of(dataTypeParam);
        } catch (IllegalArgumentException e) {
            throw KmsException.invalidParameter("SecretDataType must be text or binary.");
        }
        if (dataType == Seed.DataType.BINARY) {
            try {
                Base64.getDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw KmsException.invalidParameter("SecretData must be base64 for binary data.");
            }
        }
        List<String> stages = List.of();
        String stagesParam = p.apply("VersionStages");
        if (stagesParam != null && !stagesParam.isBlank()) {
            try {
                stages = JSON.readValue(stagesParam, new TypeReference<List<String>>() { });
            } catch (Exception e) {
                throw KmsException.invalidParameter("VersionStages must be a JSON array of strings.");
            }
        }
        store.putVersion(name, versionId, data, dataType, stages, false);
        SecretStore.VersionView v = store.version(name, versionId, null);
        out.put("SecretName", name);
        out.put("VersionId", versionId);
        out.put("VersionStages", Map.of("VersionStage", v.stages()));
    }

    private static boolean matches(SecretStore.StoredSecret s, List<Map<String, Object>> filters) {
        for (Map<String, Object> filter : filters) {
            String key = String.valueOf(filter.get("Key"));
            Object rawValues = filter.get("Values");
            List<?> values = rawValues instanceof List<?> l ? l : List.of(String.valueOf(rawValues));
            boolean any = false;
            for (Object value : values) {
                String v = String.valueOf(value);
                any |= switch (key) {
                    case "SecretName" -> s.name.contains(v);
                    case "Description" -> s.description != null && s.description.contains(v);
                    case "TagKey" -> s.tags.containsKey(v);
                    case "TagValue" -> s.tags.containsValue(v);
                    case "SecretType" -> s.type.equalsIgnoreCase(v);
                    default -> throw KmsException.invalidParameter("The filter key " + key + " is not supported.");
                };
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static List<Map<String, Object>> filters(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() { });
        } catch (Exception e) {
            throw KmsException.invalidParameter("Filters must be a JSON array like [{\"Key\":\"SecretName\",\"Values\":[\"a\"]}].");
        }
    }

    private static <T> List<T> page(List<T> all, int pageNumber, int pageSize) {
        long from = (long) (pageNumber - 1) * pageSize;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + pageSize));
    }

    private static List<Map<String, String>> tags(SecretStore.StoredSecret s) {
        List<Map<String, String>> tags = new ArrayList<>();
        s.tags.forEach((k, v) -> tags.add(Map.of("TagKey", k, "TagValue", v)));
        return tags;
    }

    private String arn(String name) {
        return "acs:kms:" + region + ":" + accountId + ":secret/" + name;
    }

    /** SecretName may be an ARN: acs:kms:REGION:ACCOUNT:secret/NAME. */
    static String plainName(String nameOrArn) {
        if (nameOrArn.startsWith("acs:kms:")) {
            int slash = nameOrArn.indexOf(":secret/");
            if (slash > 0) {
                return nameOrArn.substring(slash + ":secret/".length());
            }
        }
        return nameOrArn;
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String interval(Duration d) {
        return d == null ? null : d.getSeconds() + "s";
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static String required(Function<String, String> p, String name) {
        String value = p.apply(name);
        if (value == null || value.isEmpty()) {
            throw KmsException.missingParameter(name);
        }
        return value;
    }

    private static boolean bool(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).equals("true");
    }

    private static int intParam(Function<String, String> p, String name, int dflt, int min, int max) {
        String value = p.apply(name);
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(value);
            if (i < min || i > max) {
                throw KmsException.invalidParameter(name + " must be between " + min + " and " + max + ".");
            }
            return i;
        } catch (NumberFormatException e) {
            throw KmsException.invalidParameter(name + " must be a number.");
        }
    }
}

package io.agentassembly.gateway.edge;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.Message;
import io.agentassembly.command.api.common.TextInput;
import io.agentassembly.gateway.GrpcStatuses;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks an inbound gateway message against the text rule and {@link WireLimits}, walking it by its protobuf
 * descriptor: strings, bytes, repeated fields, maps, nested messages and oneofs. The plan of each message type
 * reachable from a service's requests is prepared once; a message nothing planned for (health, reflection) passes.
 */
public final class InboundValidator {

    private final Map<Descriptor, Plan> plans = new IdentityHashMap<>();

    /** Prepares the plans of every request message of the services in {@code files}; fails on an unlisted field. */
    public InboundValidator(Collection<FileDescriptor> files, Map<String, FieldLimit> limits) {
        List<String> problems = new ArrayList<>();
        for (FileDescriptor file : files) {
            for (ServiceDescriptor service : file.getServices()) {
                for (MethodDescriptor method : service.getMethods()) {
                    plan(method.getInputType(), limits, problems);
                }
            }
        }
        TreeSet<String> unused = new TreeSet<>(limits.keySet());
        plans.values().forEach(plan -> plan.checks.forEach(check -> unused.remove(check.field.getFullName())));
        unused.forEach(name -> problems.add(name + ": listed but not a field of any request message"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the gateway's wire limits do not match the .proto files:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** Whether messages of this type are checked (they belong to a gateway service's requests). */
    public boolean covers(Descriptor type) {
        return plans.containsKey(type);
    }

    /** Returns quietly when the message is acceptable (or not a gateway request type). */
    public void validate(Message message) {
        Plan plan = plans.get(message.getDescriptorForType());
        if (plan != null) {
            walk(message, plan);
        }
    }

    /** What is wrong with the first offending field of the message, or null when it is acceptable. */
    public Problem check(Message message, String prefix) {
        try {
            validate(message);
            return null;
        } catch (InvalidInput e) {
            return new Problem(prefix == null ? e.path() : e.under(prefix).path(), e.problem());
        }
    }

    /** The offending field's path ({@code events[3].labels["k"]}) and what is wrong with it. */
    public record Problem(String path, String problem) {

        public String description() {
            return path + " " + problem;
        }

        public StatusRuntimeException status() {
            return GrpcStatuses.invalid(path, description());
        }
    }

    private Plan plan(Descriptor type, Map<String, FieldLimit> limits, List<String> problems) {
        Plan existing = plans.get(type);
        if (existing != null) {
            return existing;
        }
        Plan plan = new Plan();
        plans.put(type, plan);
        for (FieldDescriptor field : type.getFields()) {
            FieldLimit limit = limits.get(field.getFullName());
            boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
            if (field.isMapField()) {
                Descriptor entry = field.getMessageType();
                FieldDescriptor value = entry.findFieldByNumber(2);
                boolean messageValues = value.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
                if (expect(field, limit, FieldLimit.Kind.ENTRIES, problems)
                        && limit.key() != null && (messageValues == (limit.element() == null))) {
                    plan.checks.add(new Check(field, limit, messageValues ? plan(value.getMessageType(), limits, problems) : null));
                } else if (limit != null && limit.kind() == FieldLimit.Kind.ENTRIES) {
                    problems.add(field.getFullName() + ": a map needs a key limit, and a value limit for scalar values only");
                }
            } else if (field.isRepeated()) {
                if (expect(field, limit, FieldLimit.Kind.ITEMS, problems) && (message == (limit.element() == null))) {
                    plan.checks.add(new Check(field, limit, message ? plan(field.getMessageType(), limits, problems) : null));
                } else if (limit != null && limit.kind() == FieldLimit.Kind.ITEMS) {
                    problems.add(field.getFullName() + ": repeated " + (message ? "messages take no item limit"
                            : "scalars need an item limit"));
                }
            } else if (message) {
                if (limit != null) {
                    problems.add(field.getFullName() + ": a message field takes no limit (its own fields do)");
                }
                plan.checks.add(new Check(field, null, plan(field.getMessageType(), limits, problems)));
            } else if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
                if (expect(field, limit, FieldLimit.Kind.TEXT, problems)) {
                    plan.checks.add(new Check(field, limit, null));
                }
            } else if (field.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING) {
                if (expect(field, limit, FieldLimit.Kind.BYTES, problems)) {
                    plan.checks.add(new Check(field, limit, null));
                }
            } else if (limit != null) {
                problems.add(field.getFullName() + ": a " + field.getJavaType() + " field takes no limit");
            }
        }
        return plan;
    }

    private static boolean expect(FieldDescriptor field, FieldLimit limit, FieldLimit.Kind kind, List<String> problems) {
        if (limit == null) {
            problems.add(field.getFullName() + ": no limit (add one to WireLimits.TABLE and document it in the .proto)");
            return false;
        }
        if (limit.kind() != kind) {
            problems.add(field.getFullName() + ": a " + kind + " limit is needed, not " + limit.kind());
            return false;
        }
        return true;
    }

    private void walk(Message message, Plan plan) {
        for (Check check : plan.checks) {
            FieldDescriptor field = check.field;
            try {
                if (field.isMapField()) {
                    entries(message, check);
                } else if (field.isRepeated()) {
                    items(message, check);
                } else if (check.nested != null) {
                    if (message.hasField(field)) {
                        walk((Message) message.getField(field), check.nested);
                    }
                } else {
                    scalar(message.getField(field), check.limit);
                }
            } catch (InvalidInput e) {
                throw e.under(field.getName());
            }
        }
    }

    private void items(Message message, Check check) {
        int count = message.getRepeatedFieldCount(check.field);
        if (count > check.limit.max()) {
            throw new InvalidInput("has " + count + " items; at most " + check.limit.max() + " are allowed"
                    + hint(check.limit));
        }
        for (int i = 0; i < count; i++) {
            Object item = message.getRepeatedField(check.field, i);
            try {
                if (check.nested != null) {
                    walk((Message) item, check.nested);
                } else {
                    scalar(item, check.limit.element());
                }
            } catch (InvalidInput e) {
                throw e.under("[" + i + "]");
            }
        }
    }

    private void entries(Message message, Check check) {
        int count = message.getRepeatedFieldCount(check.field);
        if (count > check.limit.max()) {
            throw new InvalidInput("has " + count + " entries; at most " + check.limit.max() + " are allowed"
                    + hint(check.limit));
        }
        Descriptor entryType = check.field.getMessageType();
        FieldDescriptor keyField = entryType.findFieldByNumber(1);
        FieldDescriptor valueField = entryType.findFieldByNumber(2);
        for (int i = 0; i < count; i++) {
            Message entry = (Message) message.getRepeatedField(check.field, i);
            String key = (String) entry.getField(keyField);
            try {
                scalar(key, check.limit.key());
            } catch (InvalidInput e) {
                throw new InvalidInput("key " + quoted(key) + " " + e.problem());
            }
            try {
                if (check.nested != null) {
                    walk((Message) entry.getField(valueField), check.nested);
                } else {
                    scalar(entry.getField(valueField), check.limit.element());
                }
            } catch (InvalidInput e) {
                throw e.under("[" + quoted(key) + "]");
            }
        }
    }

    private static void scalar(Object value, FieldLimit limit) {
        if (value instanceof String text) {
            if (text.length() > limit.max()) {
                throw new InvalidInput("has " + text.length() + " characters; at most " + limit.max() + " are allowed"
                        + hint(limit));
            }
            String problem = TextInput.problem(text, limit.lines());
            if (problem != null) {
                throw new InvalidInput(problem);
            }
        } else if (value instanceof ByteString bytes && bytes.size() > limit.max()) {
            throw new InvalidInput("has " + bytes.size() + " bytes; at most " + limit.max() + " are allowed" + hint(limit));
        }
    }

    private static String hint(FieldLimit limit) {
        return limit.hint() == null ? "" : "; " + limit.hint();
    }

    /** A map key as errors show it: quoted, control characters escaped, long keys cut. */
    static String quoted(String key) {
        String shown = key.length() <= 32 ? key : key.substring(0, 32) + "…";
        return '"' + TextInput.escaped(shown.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
    }

    private record Check(FieldDescriptor field, FieldLimit limit, Plan nested) {
    }

    private static final class Plan {
        private final List<Check> checks = new ArrayList<>();
    }

    /** Thrown at the offending value; each level of the walk prepends its part of the path on the way out. */
    static final class InvalidInput extends RuntimeException {

        private final StringBuilder path = new StringBuilder();
        private final String problem;

        InvalidInput(String problem) {
            super(problem, null, false, false);
            this.problem = problem;
        }

        InvalidInput under(String segment) {
            if (!path.isEmpty() && path.charAt(0) != '[') {
                path.insert(0, '.');
            }
            path.insert(0, segment);
            return this;
        }

        String path() {
            return path.toString();
        }

        String problem() {
            return problem;
        }
    }
}

package dev.secretsync.transform;

import static dev.secretsync.transform.TemplateValues.truth;
import static dev.secretsync.transform.TemplateValues.typeName;

import dev.secretsync.transform.TemplateParser.ActionNode;
import dev.secretsync.transform.TemplateParser.Chain;
import dev.secretsync.transform.TemplateParser.Command;
import dev.secretsync.transform.TemplateParser.Dot;
import dev.secretsync.transform.TemplateParser.Function;
import dev.secretsync.transform.TemplateParser.IfNode;
import dev.secretsync.transform.TemplateParser.Literal;
import dev.secretsync.transform.TemplateParser.Node;
import dev.secretsync.transform.TemplateParser.Operand;
import dev.secretsync.transform.TemplateParser.Pipeline;
import dev.secretsync.transform.TemplateParser.RangeNode;
import dev.secretsync.transform.TemplateParser.Sub;
import dev.secretsync.transform.TemplateParser.TextNode;
import dev.secretsync.transform.TemplateParser.Variable;
import dev.secretsync.transform.TemplateParser.WithNode;
import dev.secretsync.transform.TemplateValues.Binary;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed Go {@code text/template}, run as Go runs it with {@code missingkey=error}: reading a key
 * the data lacks fails, while {@code index} of a missing key yields nothing (so {@code default}
 * can fill in). Immutable and thread-safe; each {@link #render} has its own state.
 */
final class GoTemplate {

    private static final Object NONE = new Object();

    private final List<Node> nodes;
    private final long maxBytes;

    private GoTemplate(List<Node> nodes, long maxBytes) {
        this.nodes = nodes;
        this.maxBytes = maxBytes;
    }

    static GoTemplate parse(String text, long maxBytes) throws TemplateError {
        return new GoTemplate(TemplateParser.parse(text, TemplateFunctions.names()), maxBytes);
    }

    /** Renders with {@code data} as both {@code .} and {@code $}. */
    byte[] render(Map<String, Object> data) throws TemplateError {
        Run run = new Run(data);
        run.walk(nodes, data);
        return run.out.toByteArray();
    }

    private final class Run {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<String> varNames = new ArrayList<>();
        final List<Object> varValues = new ArrayList<>();

        Run(Object root) {
            varNames.add("$");
            varValues.add(root);
        }

        void walk(List<Node> list, Object dot) throws TemplateError {
            for (Node node : list) {
                walk(node, dot);
            }
        }

        void walk(Node node, Object dot) throws TemplateError {
            int mark = varNames.size();
            try {
                if (node instanceof TextNode text) {
                    write(text.text().getBytes(StandardCharsets.UTF_8));
                } else if (node instanceof ActionNode action) {
                    Object value = pipeline(action.pipe(), dot);
                    if (action.pipe().vars().isEmpty()) {
                        write(value instanceof Binary b ? b.bytes()
                                : TemplateValues.print(value).getBytes(StandardCharsets.UTF_8));
                    }
                    mark = varNames.size(); // a declaration lives on to the end of the enclosing block
                } else if (node instanceof IfNode branch) {
                    walk(truth(pipeline(branch.pipe(), dot)) ? branch.then() : branch.otherwise(), dot);
                } else if (node instanceof WithNode with) {
                    Object value = pipeline(with.pipe(), dot);
                    if (truth(value)) {
                        walk(with.then(), value);
                    } else {
                        walk(with.otherwise(), dot);
                    }
                } else if (node instanceof RangeNode range) {
                    range(range, dot);
                }
            } catch (TemplateError e) {
                throw e.atLine(line(node));
            } finally {
                truncateVars(mark);
            }
        }

        private void range(RangeNode range, Object dot) throws TemplateError {
            Object value = pipeline(range.pipe(), dot);
            List<Object[]> items = new ArrayList<>();
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    items.add(new Object[] {(long) i, list.get(i)});
                }
            } else if (value instanceof Map<?, ?> map) {
                new TreeMap<>(map).forEach((k, v) -> items.add(new Object[] {k, v}));
            } else if (value != null) {
                throw new TemplateError("range can't iterate over " + typeName(value));
            }
            if (items.isEmpty()) {
                walk(range.otherwise(), dot);
                return;
            }
            for (Object[] item : items) {
                int mark = varNames.size();
                if (range.vars().size() == 1) {
                    declare(range.vars().get(0), item[1]);
                } else if (range.vars().size() == 2) {
                    declare(range.vars().get(0), item[0]);
                    declare(range.vars().get(1), item[1]);
                }
                walk(range.body(), item[1]);
                truncateVars(mark);
            }
        }

        private Object pipeline(Pipeline pipe, Object dot) throws TemplateError {
            Object value = NONE;
            for (Command command : pipe.commands()) {
                value = command(command, dot, value);
            }
            if (!pipe.vars().isEmpty()) {
                String name = pipe.vars().get(0);
                if (pipe.assign()) {
                    int i = varNames.lastIndexOf(name);
                    if (i < 0) {
                        throw new TemplateError("undefined variable: " + name);
                    }
                    varValues.set(i, value);
                } else {
                    declare(name, value);
                }
            }
            return value;
        }

        private Object command(Command command, Object dot, Object piped) throws TemplateError {
            List<Operand> operands = command.operands();
            if (operands.get(0) instanceof Function function) {
                String name = function.name();
                List<Operand> argOperands = operands.subList(1, operands.size());
                if (TemplateFunctions.SHORT_CIRCUIT.contains(name)) {
                    return shortCircuit(name, argOperands, dot, piped);
                }
                List<Object> args = new ArrayList<>();
                for (Operand operand : argOperands) {
                    args.add(operand(operand, dot));
                }
                if (piped != NONE) {
                    args.add(piped);
                }
                return TemplateFunctions.ALL.get(name).call(args);
            }
            if (operands.size() > 1 || piped != NONE) {
                throw new TemplateError("can't give argument to non-function " + describe(operands.get(0)));
            }
            return operand(operands.get(0), dot);
        }

        private Object shortCircuit(String name, List<Operand> operands, Object dot, Object piped) throws TemplateError {
            int count = operands.size() + (piped != NONE ? 1 : 0);
            if (count < 1) {
                throw new TemplateError("wrong number of args for " + name + ": want at least 1 got 0");
            }
            boolean and = name.equals("and");
            Object value = null;
            for (int i = 0; i < count; i++) {
                value = i < operands.size() ? operand(operands.get(i), dot) : piped;
                if (truth(value) != and) {
                    return value;
                }
            }
            return value;
        }

        private Object operand(Operand operand, Object dot) throws TemplateError {
            if (operand instanceof Dot) {
                return dot;
            }
            if (operand instanceof Variable v) {
                return variable(v.name());
            }
            if (operand instanceof Literal l) {
                return l.value();
            }
            if (operand instanceof Sub sub) {
                return pipeline(sub.pipe(), dot);
            }
            if (operand instanceof Function f) {
                return command(new Command(List.of(f)), dot, NONE);
            }
            Chain chain = (Chain) operand;
            Object value = operand(chain.base(), dot);
            for (String field : chain.fields()) {
                value = field(value, field);
            }
            return value;
        }

        private Object field(Object value, String name) throws TemplateError {
            if (value instanceof Map<?, ?> map) {
                if (!map.containsKey(name)) {
                    throw new TemplateError("map has no entry for key \"" + name + "\"");
                }
                return map.get(name);
            }
            if (value == null) {
                throw new TemplateError("nil pointer evaluating ." + name);
            }
            throw new TemplateError("can't evaluate field " + name + " in type " + typeName(value));
        }

        private Object variable(String name) throws TemplateError {
            int i = varNames.lastIndexOf(name);
            if (i < 0) {
                throw new TemplateError("undefined variable: " + name);
            }
            return varValues.get(i);
        }

        private void declare(String name, Object value) {
            varNames.add(name);
            varValues.add(value);
        }

        private void truncateVars(int size) {
            while (varNames.size() > size) {
                varNames.remove(varNames.size() - 1);
                varValues.remove(varValues.size() - 1);
            }
        }

        private void write(byte[] bytes) throws TemplateError {
            if (out.size() + (long) bytes.length > maxBytes) {
                throw new TemplateError("output exceeds " + maxBytes + " bytes");
            }
            out.writeBytes(bytes);
        }
    }

    private static int line(Node node) {
        if (node instanceof ActionNode a) {
            return a.line();
        }
        if (node instanceof IfNode i) {
            return i.line();
        }
        if (node instanceof WithNode w) {
            return w.line();
        }
        return node instanceof RangeNode r ? r.line() : 0;
    }

    private static String describe(Operand operand) {
        if (operand instanceof Chain c) {
            return (c.base() instanceof Variable v ? v.name() : "") + "." + String.join(".", c.fields());
        }
        if (operand instanceof Variable v) {
            return v.name();
        }
        return operand instanceof Dot ? "." : "value";
    }
}

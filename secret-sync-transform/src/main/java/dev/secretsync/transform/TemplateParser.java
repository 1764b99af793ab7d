package dev.secretsync.transform;

import dev.secretsync.transform.TemplateLexer.Action;
import dev.secretsync.transform.TemplateLexer.Kind;
import dev.secretsync.transform.TemplateLexer.Segment;
import dev.secretsync.transform.TemplateLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Builds the tree of a Go template: text, actions, if/else, with, range. */
final class TemplateParser {

    sealed interface Node permits TextNode, ActionNode, IfNode, WithNode, RangeNode {
    }

    record TextNode(String text) implements Node {
    }

    record ActionNode(Pipeline pipe, int line) implements Node {
    }

    record IfNode(Pipeline pipe, List<Node> then, List<Node> otherwise, int line) implements Node {
    }

    record WithNode(Pipeline pipe, List<Node> then, List<Node> otherwise, int line) implements Node {
    }

    record RangeNode(List<String> vars, Pipeline pipe, List<Node> body, List<Node> otherwise, int line) implements Node {
    }

    /** {@code $x := cmd | cmd}: {@code vars} is empty without a declaration. */
    record Pipeline(List<String> vars, boolean assign, List<Command> commands) {
    }

    record Command(List<Operand> operands) {
    }

    sealed interface Operand permits Dot, Variable, Function, Literal, Sub, Chain {
    }

    record Dot() implements Operand {
    }

    record Variable(String name) implements Operand {
    }

    record Function(String name) implements Operand {
    }

    record Literal(Object value) implements Operand {
    }

    record Sub(Pipeline pipe) implements Operand {
    }

    record Chain(Operand base, List<String> fields) implements Operand {
    }

    private enum Stop { END, ELSE, EOF }

    private final List<Segment> segments;
    private final Set<String> functions;
    private int pos;
    private Stop stop;
    private Action stopAction;

    private TemplateParser(List<Segment> segments, Set<String> functions) {
        this.segments = segments;
        this.functions = functions;
    }

    /** @param functions the names a template may call; any other is an error here, before rendering */
    static List<Node> parse(String text, Set<String> functions) throws TemplateError {
        TemplateParser parser = new TemplateParser(TemplateLexer.lex(text), functions);
        List<Node> nodes = parser.list();
        if (parser.stop != Stop.EOF) {
            throw TemplateError.at(parser.stopAction.line(), "unexpected {{" + parser.stop.name().toLowerCase() + "}}");
        }
        return nodes;
    }

    private List<Node> list() throws TemplateError {
        List<Node> nodes = new ArrayList<>();
        while (pos < segments.size()) {
            Segment segment = segments.get(pos++);
            if (segment instanceof TemplateLexer.Text text) {
                nodes.add(new TextNode(text.text()));
                continue;
            }
            Action action = (Action) segment;
            List<Token> tokens = action.tokens();
            Token first = tokens.get(0);
            if (first.kind() != Kind.KEYWORD) {
                nodes.add(new ActionNode(pipeline(tokens, action.line()), action.line()));
                continue;
            }
            switch (first.text()) {
                case "if", "with" -> nodes.add(branch(first.text(), tokens.subList(1, tokens.size()), action.line()));
                case "range" -> nodes.add(range(tokens.subList(1, tokens.size()), action.line()));
                case "end", "else" -> {
                    stop = first.text().equals("end") ? Stop.END : Stop.ELSE;
                    stopAction = action;
                    if (stop == Stop.END && tokens.size() > 1) {
                        throw TemplateError.at(action.line(), "unexpected text after {{end");
                    }
                    return nodes;
                }
                default -> throw TemplateError.at(action.line(), "{{" + first.text() + "}} is not supported");
            }
        }
        stop = Stop.EOF;
        return nodes;
    }

    private Node branch(String keyword, List<Token> tokens, int line) throws TemplateError {
        Pipeline pipe = pipeline(tokens, line);
        List<Node> then = list();
        List<Node> otherwise = List.of();
        if (stop == Stop.EOF) {
            throw TemplateError.at(line, "{{" + keyword + "}} has no matching {{end}}");
        }
        if (stop == Stop.ELSE) {
            List<Token> rest = stopAction.tokens().subList(1, stopAction.tokens().size());
            int elseLine = stopAction.line();
            if (rest.isEmpty()) {
                otherwise = list();
                expectEnd(keyword, line);
            } else if (rest.get(0).kind() == Kind.KEYWORD && rest.get(0).text().equals(keyword)) {
                // {{else if x}} shares the {{end}} of the outer {{if}}: the nested branch consumes it.
                otherwise = List.of(branch(keyword, rest.subList(1, rest.size()), elseLine));
            } else {
                throw TemplateError.at(elseLine, "unexpected text after {{else");
            }
        }
        return keyword.equals("if") ? new IfNode(pipe, then, otherwise, line) : new WithNode(pipe, then, otherwise, line);
    }

    private Node range(List<Token> tokens, int line) throws TemplateError {
        List<String> vars = new ArrayList<>();
        int declare = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == Kind.DECLARE) {
                declare = i;
                break;
            }
        }
        if (declare > 0) {
            for (int i = 0; i < declare; i++) {
                Token t = tokens.get(i);
                boolean expectVariable = i % 2 == 0;
                if (expectVariable ? t.kind() != Kind.VARIABLE : t.kind() != Kind.COMMA) {
                    throw TemplateError.at(line, "bad variable declaration in {{range}}");
                }
                if (expectVariable) {
                    vars.add(t.text());
                }
            }
            if (vars.size() > 2) {
                throw TemplateError.at(line, "{{range}} declares at most two variables");
            }
            tokens = tokens.subList(declare + 1, tokens.size());
        }
        Pipeline pipe = pipeline(tokens, line);
        List<Node> body = list();
        List<Node> otherwise = List.of();
        if (stop == Stop.EOF) {
            throw TemplateError.at(line, "{{range}} has no matching {{end}}");
        }
        if (stop == Stop.ELSE) {
            if (stopAction.tokens().size() > 1) {
                throw TemplateError.at(stopAction.line(), "unexpected text after {{else");
            }
            otherwise = list();
            expectEnd("range", line);
        }
        return new RangeNode(List.copyOf(vars), pipe, body, otherwise, line);
    }

    private void expectEnd(String keyword, int line) throws TemplateError {
        if (stop != Stop.END) {
            throw TemplateError.at(line, "{{" + keyword + "}} has no matching {{end}}");
        }
    }

    private Pipeline pipeline(List<Token> tokens, int line) throws TemplateError {
        List<String> vars = List.of();
        boolean assign = false;
        if (tokens.size() >= 2 && tokens.get(0).kind() == Kind.VARIABLE
                && (tokens.get(1).kind() == Kind.DECLARE || tokens.get(1).kind() == Kind.ASSIGN)) {
            vars = List.of(tokens.get(0).text());
            assign = tokens.get(1).kind() == Kind.ASSIGN;
            tokens = tokens.subList(2, tokens.size());
        }
        Stream stream = new Stream(tokens, line);
        Pipeline pipe = commands(stream, vars, assign, false);
        if (!stream.atEnd()) {
            throw TemplateError.at(line, "unexpected " + stream.peek().text() + " in command");
        }
        return pipe;
    }

    private Pipeline commands(Stream stream, List<String> vars, boolean assign, boolean inParens) throws TemplateError {
        List<Command> commands = new ArrayList<>();
        while (true) {
            commands.add(command(stream));
            if (stream.atEnd() || (inParens && stream.peek().kind() == Kind.RPAREN)) {
                break;
            }
            if (stream.peek().kind() != Kind.PIPE) {
                throw TemplateError.at(stream.line, "unexpected " + stream.peek().text() + " in command");
            }
            stream.next();
        }
        return new Pipeline(vars, assign, List.copyOf(commands));
    }

    private Command command(Stream stream) throws TemplateError {
        List<Operand> operands = new ArrayList<>();
        while (!stream.atEnd() && stream.peek().kind() != Kind.PIPE && stream.peek().kind() != Kind.RPAREN) {
            operands.add(operand(stream));
        }
        if (operands.isEmpty()) {
            throw TemplateError.at(stream.line, "missing value for command");
        }
        if (operands.size() == 1 && operands.get(0) instanceof Literal literal && literal.value() == null) {
            throw TemplateError.at(stream.line, "nil is not a command");
        }
        return new Command(List.copyOf(operands));
    }

    private Operand operand(Stream stream) throws TemplateError {
        Token t = stream.next();
        Operand base = switch (t.kind()) {
            case DOT -> new Dot();
            case FIELD -> new Chain(new Dot(), List.of(t.text()));
            case VARIABLE -> new Variable(t.text());
            case IDENT -> {
                if (!functions.contains(t.text())) {
                    throw TemplateError.at(stream.line, "function \"" + t.text() + "\" is not supported (supported: "
                            + String.join(", ", new TreeSet<>(functions)) + ")");
                }
                yield new Function(t.text());
            }
            case STRING, NUMBER, BOOL -> new Literal(t.value());
            case NIL -> new Literal(null);
            case LPAREN -> {
                Pipeline inner = commands(stream, List.of(), false, true);
                if (stream.atEnd() || stream.next().kind() != Kind.RPAREN) {
                    throw TemplateError.at(stream.line, "unclosed left paren");
                }
                yield new Sub(inner);
            }
            default -> throw TemplateError.at(stream.line, "unexpected " + t.text() + " in command");
        };
        List<String> fields = new ArrayList<>();
        while (!stream.atEnd() && stream.peek().kind() == Kind.FIELD && !stream.peek().spaceBefore()
                && !(base instanceof Function) && !(base instanceof Literal)) {
            fields.add(stream.next().text());
        }
        if (fields.isEmpty()) {
            return base;
        }
        if (base instanceof Chain chain) {
            List<String> all = new ArrayList<>(chain.fields());
            all.addAll(fields);
            return new Chain(chain.base(), List.copyOf(all));
        }
        return new Chain(base, List.copyOf(fields));
    }

    private static final class Stream {
        private final List<Token> tokens;
        private final int line;
        private int i;

        Stream(List<Token> tokens, int line) {
            this.tokens = tokens;
            this.line = line;
        }

        boolean atEnd() {
            return i >= tokens.size();
        }

        Token peek() {
            return tokens.get(i);
        }

        Token next() throws TemplateError {
            if (atEnd()) {
                throw TemplateError.at(line, "unexpected end of action");
            }
            return tokens.get(i++);
        }
    }
}

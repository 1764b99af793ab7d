package dev.secretsync.controller.cli;

/** A failure whose message is already the one line a user reads (what failed, what to check). */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

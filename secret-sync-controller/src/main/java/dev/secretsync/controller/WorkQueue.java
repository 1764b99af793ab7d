package dev.secretsync.controller;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed, de-duplicating work queue: a key queued while it waits is queued once; a key queued
 * while it is being processed is processed again afterwards, never by two workers at once.
 * Informer handlers only {@link #add} and return.
 */
final class WorkQueue<K> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

    private final Object lock = new Object();
    private final LinkedHashSet<K> waiting = new LinkedHashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Set<K> again = new HashSet<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService delays;
    private final Consumer<K> handler;
    private volatile boolean closed;

    WorkQueue(int workerCount, Consumer<K> handler) {
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerCount, r -> daemon(r, "secret-sync-reconcile-" + n.incrementAndGet()));
        this.delays = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "secret-sync-requeue"));
        for (int i = 0; i < workerCount; i++) {
            workers.execute(this::work);
        }
    }

    void add(K key) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (processing.contains(key)) {
                again.add(key);
            } else if (waiting.add(key)) {
                lock.notifyAll();
            }
        }
    }

    void addAfter(K key, long millis) {
        if (!closed) {
            delays.schedule(() -> add(key), millis, TimeUnit.MILLISECONDS);
        }
    }

    int depth() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    /** Nothing waiting and nothing being processed. */
    boolean idle() {
        synchronized (lock) {
            return waiting.isEmpty() && processing.isEmpty();
        }
    }

    private void work() {
        while (true) {
            K key;
            synchronized (lock) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                var it = waiting.iterator();
                key = it.next();
                it.remove();
                processing.add(key);
            }
            try {
                handler.accept(key);
            } catch (RuntimeException e) {
                LOG.warn("reconcile of {} failed: {}; retrying in 5 s", key, e.toString());
                addAfter(key, 5000);
            } finally {
                synchronized (lock) {
                    processing.remove(key);
                    if (again.remove(key) && waiting.add(key)) {
                        lock.notifyAll();
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            waiting.clear();
            lock.notifyAll();
        }
        delays.shutdownNow();
        workers.shutdown(); // let reconciles in progress finish their API calls
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}

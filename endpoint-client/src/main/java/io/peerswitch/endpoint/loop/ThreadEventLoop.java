package io.peerswitch.endpoint.loop;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The production {@link EventLoop}: one platform thread, wall-clock time; a failing task is logged, never fatal. */
public final class ThreadEventLoop implements EventLoop, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ThreadEventLoop.class.getName());

    private final ScheduledThreadPoolExecutor executor;
    private final Clock clock = Clock.systemUTC();
    private volatile Thread thread;

    public ThreadEventLoop(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartCoreThread();
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops the loop; queued tasks are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "A softswitch task failed; the endpoint carries on", e);
            }
        };
    }
}

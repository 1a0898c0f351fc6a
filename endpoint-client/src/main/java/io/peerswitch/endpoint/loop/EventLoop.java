package io.peerswitch.endpoint.loop;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs tasks one at a time on the thread that owns the softswitch's state, now or after a delay.
 * Production uses {@link ThreadEventLoop}; protocol tests use {@link ManualEventLoop} and move time by hand.
 */
public interface EventLoop extends Executor {

    /** Runs {@code task} on the loop thread, after the tasks queued before it. */
    @Override
    void execute(Runnable task);

    /** Runs {@code work} on the loop thread; the future completes with its result or the exception it threw. */
    default <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code task} on the loop thread once {@code delay} has passed; cancel the returned timer to stop it. */
    Timer schedule(Duration delay, Runnable task);

    /** The clock the loop's timers follow. */
    Clock clock();

    /** Whether the caller is the loop thread. */
    boolean inLoop();

    /** A scheduled task. */
    interface Timer {
        /** Stops the task if it has not run yet; harmless afterwards. */
        void cancel();
    }
}

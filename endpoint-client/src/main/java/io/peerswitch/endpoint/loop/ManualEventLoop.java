package io.peerswitch.endpoint.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * A deterministic {@link EventLoop} for protocol tests: tasks run when the test calls {@link #runPending()}
 * or {@link #advance(Duration)}, and time moves only when the test moves it.
 */
public final class ManualEventLoop implements EventLoop {

    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> timers = new PriorityQueue<>(
            Comparator.comparing(Scheduled::due).thenComparingLong(Scheduled::order));
    private Instant now;
    private long order;
    private boolean running;

    public ManualEventLoop(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        Scheduled s = new Scheduled(now.plus(delay.isNegative() ? Duration.ZERO : delay), order++, task);
        timers.add(s);
        return () -> {
            synchronized (ManualEventLoop.this) {
                timers.remove(s);
            }
        };
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }

    @Override
    public boolean inLoop() {
        return running;
    }

    /** The loop's current time. */
    public synchronized Instant now() {
        return now;
    }

    /** Runs every task that is ready now, including tasks those tasks queue. */
    public void runPending() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = ready.poll();
                if (next == null) {
                    Scheduled due = timers.peek();
                    if (due == null || due.due().isAfter(now)) {
                        return;
                    }
                    timers.poll();
                    next = due.task();
                }
            }
            running = true;
            try {
                next.run();
            } finally {
                running = false;
            }
        }
    }

    /** Moves time forward by {@code by}, running each timer at its due time, in order. */
    public void advance(Duration by) {
        Instant end;
        synchronized (this) {
            end = now.plus(by);
        }
        runPending();
        while (true) {
            synchronized (this) {
                Scheduled due = timers.peek();
                if (due == null || due.due().isAfter(end)) {
                    now = end;
                    break;
                }
                now = due.due();
            }
            runPending();
        }
        runPending();
    }

    private record Scheduled(Instant due, long order, Runnable task) {
    }
}

package io.mcpoauth.store.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The first n values by a key, from values seen in any order: what a page of an unordered map needs, in
 * O(size log n) time and O(n) room, never a sorted copy of the whole map.
 */
final class Smallest<T> {

    private final int n;
    private final Function<T, String> key;
    private final PriorityQueue<T> largestFirst;

    Smallest(int n, Function<T, String> key) {
        this.n = n;
        this.key = key;
        this.largestFirst = new PriorityQueue<>(Comparator.comparing(key).reversed());
    }

    /** Offers a value; kept while it is among the n smallest so far. */
    void offer(T value) {
        if (largestFirst.size() < n) {
            largestFirst.add(value);
        } else if (key.apply(value).compareTo(key.apply(largestFirst.peek())) < 0) {
            largestFirst.poll();
            largestFirst.add(value);
        }
    }

    /** The values kept, smallest first. */
    List<T> sorted() {
        List<T> out = new ArrayList<>(largestFirst);
        out.sort(Comparator.comparing(key));
        return out;
    }
}

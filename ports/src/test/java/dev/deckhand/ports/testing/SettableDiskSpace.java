package dev.deckhand.ports.testing;

import dev.deckhand.ports.out.DiskSpace;

/** A disk whose free space (above the reserve) a test sets. */
public final class SettableDiskSpace implements DiskSpace {

    private volatile long freeBytes;

    public SettableDiskSpace(long freeBytes) {
        this.freeBytes = freeBytes;
    }

    /** Plenty of room. */
    public static SettableDiskSpace roomy() {
        return new SettableDiskSpace(Long.MAX_VALUE / 2);
    }

    public void setFreeBytes(long freeBytes) {
        this.freeBytes = freeBytes;
    }

    @Override
    public boolean hasRoomFor(long bytes) {
        return freeBytes >= bytes;
    }
}

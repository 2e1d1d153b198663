package dev.deckhand.adapter.plantedone;

/** Planted violations: an adapter reading its settings from the process instead of its constructor. */
public final class AdapterReadingSettings {
    public Integer poolSize() {
        return Integer.getInteger("deckhand.pool");
    }

    public String region() {
        return System.getProperty("aws.region", "eu-west-1");
    }
}

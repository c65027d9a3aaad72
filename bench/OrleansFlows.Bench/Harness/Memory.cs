namespace OrleansFlows.Bench.Harness;

/// <summary>Heap measurements after full, compacting collections.</summary>
internal static class Memory
{
    /// <summary>Live managed heap bytes once every collectable object is gone.</summary>
    public static long LiveBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// Bytes retained per object when <paramref name="count"/> objects made by <paramref name="create"/> are kept alive
    /// (the array that keeps them is allocated before the baseline, so it is not counted).
    /// </summary>
    public static double RetainedBytesPerObject(int count, Func<int, object> create)
    {
        var keep = new object[count];
        keep[0] = create(0);
        var before = LiveBytes();
        for (var i = 1; i < count; i++)
        {
            keep[i] = create(i);
        }

        var after = LiveBytes();
        GC.KeepAlive(keep);
        return (double)(after - before) / (count - 1);
    }
}

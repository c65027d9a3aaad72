namespace OrleansFlows.Storage;

/// <summary>What an inserted row does when its table already holds a row with the same key.</summary>
public enum RowConflict
{
    /// <summary>The statement fails (a plain insert).</summary>
    Fail,

    /// <summary>The stored row stays; the new one is dropped.</summary>
    Ignore,

    /// <summary>The stored row takes the new row's values of the updated columns.</summary>
    Replace,

    /// <summary>The new row's values of the updated columns are added to the stored row's (a counter).</summary>
    Add,
}

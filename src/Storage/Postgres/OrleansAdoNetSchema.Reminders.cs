namespace OrleansFlows.Storage.Postgres;

internal sealed partial class OrleansAdoNetSchema
{
    // Reminders (Microsoft.Orleans.Reminders.AdoNet). GrainId is the grain id's text ("type/key"); GrainHash is its
    // uniform hash as a signed 32-bit integer, by which each silo loads the reminders of its share of the hash ring.
    // Period is in milliseconds. Version is the ETag: an upsert answers the new one and a delete must name it.
    private const string RemindersV1 = """
        CREATE TABLE IF NOT EXISTS OrleansRemindersTable (
            ServiceId    varchar(150)   NOT NULL,
            GrainId      varchar(150)   NOT NULL,
            ReminderName varchar(150)   NOT NULL,
            StartTime    timestamptz(3) NOT NULL,
            Period       bigint         NOT NULL,
            GrainHash    integer        NOT NULL,
            Version      integer        NOT NULL,
            CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
        );

        -- For the range reads every silo makes at start-up, on each membership change and on every refresh period.
        CREATE INDEX IF NOT EXISTS IX_RemindersTable_ServiceId_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

        INSERT INTO OrleansQuery (QueryKey, QueryText)
        VALUES
        ('UpsertReminderRowKey', $query$
            INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
            ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
            SET StartTime = excluded.StartTime,
                Period = excluded.Period,
                GrainHash = excluded.GrainHash,
                Version = OrleansRemindersTable.Version + 1
            RETURNING Version;
        $query$),
        ('ReadReminderRowsKey', $query$
            SELECT GrainId, ReminderName, StartTime, Period, Version
            FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
        $query$),
        ('ReadReminderRowKey', $query$
            SELECT GrainId, ReminderName, StartTime, Period, Version
            FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
        $query$),
        ('ReadRangeRows1Key', $query$
            -- A range that does not wrap around: BeginHash < EndHash.
            SELECT GrainId, ReminderName, StartTime, Period, Version
            FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
        $query$),
        ('ReadRangeRows2Key', $query$
            -- A range that wraps around the end of the ring.
            SELECT GrainId, ReminderName, StartTime, Period, Version
            FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
        $query$),
        ('DeleteReminderRowKey', $query$
            WITH deleted AS (
                DELETE FROM OrleansRemindersTable
                WHERE ServiceId = @ServiceId
                    AND GrainId = @GrainId
                    AND ReminderName = @ReminderName
                    AND Version = @Version
                RETURNING 1
            )
            SELECT count(*)::integer FROM deleted;
        $query$),
        ('DeleteReminderRowsKey', $query$
            DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
        $query$)
        ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
        """;
}

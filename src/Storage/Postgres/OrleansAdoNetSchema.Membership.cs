namespace OrleansFlows.Storage.Postgres;

internal sealed partial class OrleansAdoNetSchema
{
    // Clustering (Microsoft.Orleans.Clustering.AdoNet). DeploymentId is the ClusterId. Every change to a cluster's
    // membership bumps the Version of its row in OrleansMembershipVersionTable, compared against the version the silo
    // read (optimistic concurrency); only the IAmAlive heartbeat and the clean-up deletes change rows without it.
    // Status holds Orleans' SiloStatus (3 = Active, 6 = Dead).
    //
    // Query results are read by column name and the write queries answer one row with one value, non-zero for
    // success; a zero sends the silo back to re-read the table and retry.
    private const string MembershipV1 = """
        CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
            DeploymentId varchar(150)   NOT NULL,
            Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
            Version      integer        NOT NULL DEFAULT 0,
            CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
        );

        CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
            DeploymentId varchar(150)   NOT NULL,
            Address      varchar(45)    NOT NULL,
            Port         integer        NOT NULL,
            Generation   integer        NOT NULL,
            SiloName     varchar(150)   NOT NULL,
            HostName     varchar(150)   NOT NULL,
            Status       integer        NOT NULL,
            ProxyPort    integer        NULL,
            SuspectTimes varchar(8000)  NULL,
            StartTime    timestamptz(3) NOT NULL,
            IAmAliveTime timestamptz(3) NOT NULL,
            CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
            CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
                FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
        );

        -- Adds a silo's row and bumps the cluster's version, both or neither: 1 when done, 0 when the version moved
        -- on since the silo read it or the row already exists.
        CREATE OR REPLACE FUNCTION orleans_insert_membership(
            p_deployment_id   text,
            p_address         text,
            p_port            integer,
            p_generation      integer,
            p_silo_name       text,
            p_host_name       text,
            p_status          integer,
            p_proxy_port      integer,
            p_start_time      timestamptz,
            p_i_am_alive_time timestamptz,
            p_version         integer)
        RETURNS integer
        LANGUAGE plpgsql
        AS $function$
        DECLARE
            v_rows integer;
        BEGIN
            -- The version row's lock also queues every other membership write of the cluster behind this one.
            UPDATE OrleansMembershipVersionTable
            SET Version = Version + 1, Timestamp = now()
            WHERE DeploymentId = p_deployment_id AND Version = p_version;
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            IF v_rows = 0 THEN
                RETURN 0;
            END IF;

            -- The inner block is a savepoint: raising OFM01 in it undoes the version bump above as well.
            BEGIN
                INSERT INTO OrleansMembershipTable (
                    DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
                VALUES (
                    p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
                    p_start_time, p_i_am_alive_time)
                ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
                GET DIAGNOSTICS v_rows = ROW_COUNT;
                IF v_rows = 0 THEN
                    RAISE EXCEPTION 'membership row exists' USING ERRCODE = 'OFM01';
                END IF;
            EXCEPTION
                WHEN SQLSTATE 'OFM01' THEN
                    RETURN 0;
            END;

            RETURN 1;
        END
        $function$;

        -- Changes a silo's status and suspicions and bumps the cluster's version, both or neither: 1 when done, 0 when
        -- the version moved on since the silo read it or the row is gone.
        CREATE OR REPLACE FUNCTION orleans_update_membership(
            p_deployment_id   text,
            p_address         text,
            p_port            integer,
            p_generation      integer,
            p_status          integer,
            p_suspect_times   text,
            p_i_am_alive_time timestamptz,
            p_version         integer)
        RETURNS integer
        LANGUAGE plpgsql
        AS $function$
        DECLARE
            v_rows integer;
        BEGIN
            UPDATE OrleansMembershipVersionTable
            SET Version = Version + 1, Timestamp = now()
            WHERE DeploymentId = p_deployment_id AND Version = p_version;
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            IF v_rows = 0 THEN
                RETURN 0;
            END IF;

            BEGIN
                UPDATE OrleansMembershipTable
                SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_i_am_alive_time
                WHERE DeploymentId = p_deployment_id
                    AND Address = p_address
                    AND Port = p_port
                    AND Generation = p_generation;
                GET DIAGNOSTICS v_rows = ROW_COUNT;
                IF v_rows = 0 THEN
                    RAISE EXCEPTION 'membership row missing' USING ERRCODE = 'OFM01';
                END IF;
            EXCEPTION
                WHEN SQLSTATE 'OFM01' THEN
                    RETURN 0;
            END;

            RETURN 1;
        END
        $function$;

        INSERT INTO OrleansQuery (QueryKey, QueryText)
        VALUES
        ('InsertMembershipVersionKey', $query$
            WITH inserted AS (
                INSERT INTO OrleansMembershipVersionTable (DeploymentId)
                VALUES (@DeploymentId)
                ON CONFLICT (DeploymentId) DO NOTHING
                RETURNING 1
            )
            SELECT count(*)::integer FROM inserted;
        $query$),
        ('InsertMembershipKey', $query$
            SELECT orleans_insert_membership(
                @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
                @StartTime, @IAmAliveTime, @Version);
        $query$),
        ('UpdateMembershipKey', $query$
            SELECT orleans_update_membership(
                @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
        $query$),
        ('UpdateIAmAlivetimeKey', $query$
            UPDATE OrleansMembershipTable
            SET IAmAliveTime = @IAmAliveTime
            WHERE DeploymentId = @DeploymentId
                AND Address = @Address
                AND Port = @Port
                AND Generation = @Generation;
        $query$),
        ('MembershipReadRowKey', $query$
            -- The left join answers the version row even when the silo has no row yet.
            SELECT
                v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m
                ON m.DeploymentId = v.DeploymentId
                AND m.Address = @Address
                AND m.Port = @Port
                AND m.Generation = @Generation
            WHERE v.DeploymentId = @DeploymentId;
        $query$),
        ('MembershipReadAllKey', $query$
            SELECT
                v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
            WHERE v.DeploymentId = @DeploymentId;
        $query$),
        ('GatewaysQueryKey', $query$
            SELECT Address, ProxyPort, Generation
            FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId
                AND Status = @Status
                AND ProxyPort > 0;
        $query$),
        ('DeleteMembershipTableEntriesKey', $query$
            DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
            DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
        $query$),
        ('CleanupDefunctSiloEntriesKey', $query$
            -- Rows of silos whose last heartbeat is older than the given time, except those still marked Active.
            DELETE FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId
                AND IAmAliveTime < @IAmAliveTime
                AND Status <> 3;
        $query$)
        ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
        """;
}

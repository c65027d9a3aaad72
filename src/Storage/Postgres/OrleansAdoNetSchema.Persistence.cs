namespace OrleansFlows.Storage.Postgres;

internal sealed partial class OrleansAdoNetSchema
{
    // Grain persistence (Microsoft.Orleans.Persistence.AdoNet). The provider identifies a state by ServiceId,
    // GrainTypeString and the grain key, where GrainTypeString holds the state's name (the first argument of
    // [PersistentState]), not the grain type: no column holds the grain type, so two grain classes that use the same
    // state name and provider share the row of a key. The key is stored as Orleans parses it: a key that reads as a
    // hexadecimal long goes to GrainIdN1 (N0 = 0), one that reads as a 32-digit Guid is split over GrainIdN0 and
    // GrainIdN1, the text after a '+' of either goes to GrainIdExtensionString, and any other string key goes whole to
    // GrainIdExtensionString (N0 = N1 = 0). GrainIdHash and GrainTypeHash are the provider's 32-bit hashes of the key
    // and of the state name, computed in .NET; they only narrow the index lookup. Version is the ETag: every write
    // adds one.
    private const string PersistenceV1 = """
        CREATE TABLE IF NOT EXISTS OrleansStorage (
            GrainIdHash            integer      NOT NULL,
            GrainIdN0              bigint       NOT NULL,
            GrainIdN1              bigint       NOT NULL,
            GrainTypeHash          integer      NOT NULL,
            GrainTypeString        varchar(512) NOT NULL,
            GrainIdExtensionString varchar(512) NULL,
            ServiceId              varchar(150) NOT NULL,
            PayloadBinary          bytea        NULL,
            ModifiedOn             timestamptz  NOT NULL,
            Version                integer      NULL
        );

        CREATE INDEX IF NOT EXISTS IX_OrleansStorage ON OrleansStorage (GrainIdHash, GrainTypeHash);

        -- Writes a state and answers its new version. With a version (the state was read before), only that version is
        -- updated; with none, the row is inserted only if there is none yet. When nothing was written, the answer is the
        -- version given (NULL for a first write), which the provider reports as an inconsistent state.
        CREATE OR REPLACE FUNCTION orleans_write_to_storage(
            p_grain_id_hash            integer,
            p_grain_id_n0              bigint,
            p_grain_id_n1              bigint,
            p_grain_type_hash          integer,
            p_grain_type_string        text,
            p_grain_id_extension_string text,
            p_service_id               text,
            p_grain_state_version      integer,
            p_payload_binary           bytea)
        RETURNS TABLE (NewGrainStateVersion integer)
        LANGUAGE plpgsql
        AS $function$
        DECLARE
            v_rows integer;
        BEGIN
            IF p_grain_state_version IS NOT NULL THEN
                UPDATE OrleansStorage s
                SET PayloadBinary = p_payload_binary, ModifiedOn = now(), Version = s.Version + 1
                WHERE s.GrainIdHash = p_grain_id_hash
                    AND s.GrainTypeHash = p_grain_type_hash
                    AND s.GrainIdN0 = p_grain_id_n0
                    AND s.GrainIdN1 = p_grain_id_n1
                    AND s.GrainTypeString = p_grain_type_string
                    AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension_string
                    AND s.ServiceId = p_service_id
                    AND s.Version = p_grain_state_version;
                GET DIAGNOSTICS v_rows = ROW_COUNT;
                RETURN QUERY SELECT CASE WHEN v_rows > 0 THEN p_grain_state_version + 1 ELSE p_grain_state_version END;
                RETURN;
            END IF;

            -- Two activations of one grain (a split cluster) may both write it first. NOT EXISTS alone cannot see the
            -- other's uncommitted row, so first writes of the same hashes queue on a transaction-scoped advisory lock
            -- (the two-integer key space, apart from the schema bootstrap's one-bigint lock); the second then sees the
            -- committed row and writes nothing.
            PERFORM pg_advisory_xact_lock(p_grain_id_hash, p_grain_type_hash);
            INSERT INTO OrleansStorage (
                GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
                PayloadBinary, ModifiedOn, Version)
            SELECT
                p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type_string,
                p_grain_id_extension_string, p_service_id, p_payload_binary, now(), 1
            WHERE NOT EXISTS (
                SELECT 1
                FROM OrleansStorage s
                WHERE s.GrainIdHash = p_grain_id_hash
                    AND s.GrainTypeHash = p_grain_type_hash
                    AND s.GrainIdN0 = p_grain_id_n0
                    AND s.GrainIdN1 = p_grain_id_n1
                    AND s.GrainTypeString = p_grain_type_string
                    AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension_string
                    AND s.ServiceId = p_service_id);
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            RETURN QUERY SELECT CASE WHEN v_rows > 0 THEN 1 END;
        END
        $function$;

        -- The provider loads only these four keys. DeleteStorageKey serves AdoNetGrainStorageOptions.DeleteStateOnClear;
        -- ClearStorageKey (the default) keeps the row with a NULL payload and a new version.
        INSERT INTO OrleansQuery (QueryKey, QueryText)
        VALUES
        ('WriteToStorageKey', $query$
            SELECT NewGrainStateVersion
            FROM orleans_write_to_storage(
                @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
                @ServiceId, @GrainStateVersion, @PayloadBinary);
        $query$),
        ('ReadFromStorageKey', $query$
            SELECT PayloadBinary, Version
            FROM OrleansStorage
            WHERE GrainIdHash = @GrainIdHash
                AND GrainTypeHash = @GrainTypeHash
                AND GrainIdN0 = @GrainIdN0
                AND GrainIdN1 = @GrainIdN1
                AND GrainTypeString = @GrainTypeString
                AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
                AND ServiceId = @ServiceId;
        $query$),
        ('ClearStorageKey', $query$
            UPDATE OrleansStorage
            SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
            WHERE GrainIdHash = @GrainIdHash
                AND GrainTypeHash = @GrainTypeHash
                AND GrainIdN0 = @GrainIdN0
                AND GrainIdN1 = @GrainIdN1
                AND GrainTypeString = @GrainTypeString
                AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
                AND ServiceId = @ServiceId
                AND Version = @GrainStateVersion
            RETURNING Version AS NewGrainStateVersion;
        $query$),
        ('DeleteStorageKey', $query$
            DELETE FROM OrleansStorage
            WHERE GrainIdHash = @GrainIdHash
                AND GrainTypeHash = @GrainTypeHash
                AND GrainIdN0 = @GrainIdN0
                AND GrainIdN1 = @GrainIdN1
                AND GrainTypeString = @GrainTypeString
                AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
                AND ServiceId = @ServiceId
                AND Version = @GrainStateVersion
            RETURNING Version + 1 AS NewGrainStateVersion;
        $query$)
        ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
        """;
}

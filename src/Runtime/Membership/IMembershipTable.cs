namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// The membership table of a cluster. Every time in it is the database's clock, and only that clock judges whether
/// a heartbeat is stale. Status changes raise the cluster's membership version in the same transaction; heartbeats
/// don't. Failures of the store surface as <see cref="Persistence.StorageException"/>s.
/// </summary>
internal interface IMembershipTable
{
    /// <summary>Adds a silo in <see cref="SiloMembershipStatus.Joining"/>, with its heartbeat set to now.</summary>
    /// <exception cref="InvalidOperationException">A silo with this id is already registered.</exception>
    Task<SiloEntry> RegisterAsync(SiloRegistration registration, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a silo forward to <paramref name="status"/> (or keeps it there). Moving to <see cref="SiloMembershipStatus.Dead"/>
    /// records the silo itself as the one that declared it: a graceful stop.
    /// </summary>
    /// <exception cref="SiloDeclaredDeadException">The silo is already dead, or its row is gone.</exception>
    /// <exception cref="InvalidOperationException">The move goes backwards (for example from active to joining).</exception>
    Task<SiloEntry> SetStatusAsync(string clusterId, string siloId, SiloMembershipStatus status, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the silo's heartbeat to now. If its previous heartbeat is older than <paramref name="maxGap"/>, its run of
    /// heartbeats starts again (see <see cref="DeclareStaleDeadAsync"/>).
    /// </summary>
    /// <exception cref="SiloDeclaredDeadException">The silo was declared dead, or its row is gone: it must stop serving.</exception>
    Task HeartbeatAsync(string clusterId, string siloId, TimeSpan maxGap, CancellationToken cancellationToken);

    /// <summary>
    /// Marks dead, on behalf of <paramref name="observerSiloId"/>, every other live silo of the cluster whose heartbeat is
    /// older than <paramref name="deathTimeout"/>. The observer judges only while its own heartbeat is fresh (within half
    /// the timeout) and has run unbroken for the whole timeout, so a silo back from a pause or a database outage doesn't
    /// condemn silos that had no chance to heartbeat either.
    /// </summary>
    /// <returns>The ids of the silos it declared dead.</returns>
    /// <exception cref="SiloDeclaredDeadException">The observer itself is dead, or its row is gone.</exception>
    Task<IReadOnlyList<string>> DeclareStaleDeadAsync(string clusterId, string observerSiloId, TimeSpan deathTimeout, CancellationToken cancellationToken);

    /// <summary>Removes the rows of dead silos whose last heartbeat is older than <paramref name="retention"/>.</summary>
    /// <returns>The ids removed.</returns>
    Task<IReadOnlyList<string>> RemoveDefunctAsync(string clusterId, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Reads the cluster's members and membership version in one consistent read.</summary>
    Task<MembershipSnapshot> ReadViewAsync(string clusterId, CancellationToken cancellationToken);
}

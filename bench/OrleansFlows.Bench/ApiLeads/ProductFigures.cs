namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// The product process over a run: its peak resident memory (<c>VmHWM</c>; reset at the run's start where the kernel
/// allows it, else the peak since the process started), its resident memory at the end, the bytes it wrote to storage
/// per completed lead (<c>/proc/[pid]/io</c>; the SQLite database and WAL, its logs), and its log lines at warning level
/// and at error level or above during the run.
/// </summary>
internal sealed record ProductFigures(
    double? PeakResidentMiB,
    bool PeakIsThisRunOnly,
    double? ResidentAtEndMiB,
    double? WrittenKiBPerLead,
    int Warnings,
    int Errors);

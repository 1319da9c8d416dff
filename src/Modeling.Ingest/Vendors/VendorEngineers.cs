using Modeling.Ingest.Files;

namespace Modeling.Ingest.Vendors;

/// <summary>Who a vendor export's user identifier is.</summary>
internal static class VendorEngineers
{
    /// <summary>
    /// The engineer key of a vendor's user identifier: the engineer it is an alias of in identities.csv, else the roster
    /// engineer with that id, else a new engineer (registered, pseudonymised, and counted off the roster by the caller: the
    /// usage is kept but belongs to no team).
    /// </summary>
    public static int KeyOf(IngestState state, ReadOnlySpan<byte> raw)
    {
        var alias = state.Identities.Find(raw);
        return alias >= 0 ? alias : state.Engineers.KeyOf(raw);
    }
}

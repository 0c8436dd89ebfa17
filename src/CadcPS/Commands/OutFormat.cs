namespace CadcPS.Commands
{
    /// <summary>How Invoke-CadcTap -OutFile writes the result.</summary>
    public enum TapOutFormat
    {
        /// <summary>The VOTable exactly as the service sent it.</summary>
        VOTable,
        /// <summary>Comma-separated values with a header line, written by CadcPS from the parsed rows.</summary>
        Csv,
    }
}

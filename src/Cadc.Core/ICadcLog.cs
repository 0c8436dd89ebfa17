namespace Cadc.Core
{
    /// <summary>
    /// Where Core reports what it is doing. The cmdlets implement it by queueing messages for the
    /// pipeline thread, so Core may call it from any thread.
    /// </summary>
    public interface ICadcLog
    {
        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
    }

    public sealed class NullLog : ICadcLog
    {
        public static readonly NullLog Instance = new NullLog();
        private NullLog() { }
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }
}

using System.Text;

namespace CadcPS.Infrastructure
{
    /// <summary>
    /// Text from servers made safe to show: control characters (ESC, BEL, C1 controls, DEL) are removed, so an
    /// error body or a user name cannot retitle the console window, move the cursor or fake other messages.
    /// Line breaks and tabs stay.
    /// </summary>
    internal static class TerminalText
    {
        public static string Clean(string text)
        {
            if (text is null) return "";
            var clean = true;
            foreach (var c in text)
                if (IsUnsafe(c)) { clean = false; break; }
            if (clean) return text;
            var sb = new StringBuilder(text.Length);
            foreach (var c in text)
                if (!IsUnsafe(c)) sb.Append(c);
            return sb.ToString();
        }

        private static bool IsUnsafe(char c) => (c < ' ' && c != '\n' && c != '\t' && c != '\r') || (c >= '\u007f' && c <= '\u009f');
    }
}

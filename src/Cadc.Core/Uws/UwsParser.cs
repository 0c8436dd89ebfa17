using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Xml;
using Cadc.Core.IO;

namespace Cadc.Core.Uws
{
    /// <summary>
    /// UWS job documents and job lists, namespace-agnostic (UWS 1.0 and 1.1, and the older CADC namespace):
    /// real job lists differ in their root and entries, and a strict reader fails on them
    /// (pyvo's "Unknown element jobs" on CADC's list).
    /// </summary>
    public static class UwsParser
    {
        private const string XLink = "http://www.w3.org/1999/xlink";

        // Bounded (ServerText): a job document of 300 MB took gigabytes.
        private static XmlReader Reader(Stream stream, long max, string what) => XmlReader.Create(ServerText.Bounded(stream, max, what), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
        });

        /// <exception cref="FormatException">not a UWS job</exception>
        public static UwsJob ParseJob(Stream stream, Uri? url = null)
        {
            try
            {
                using var r = Reader(stream, ServerText.MaxDocument, "a UWS job document");
                if (r.MoveToContent() != XmlNodeType.Element || r.LocalName != "job")
                    throw new FormatException($"not a UWS job (root <{r.LocalName}>)");
                var job = new UwsJob { Url = url };
                var depth = r.Depth;
                r.Read();
                while (!r.EOF && r.Depth > depth)
                {
                    if (r.NodeType != XmlNodeType.Element) { r.Read(); continue; }
                    switch (r.LocalName)
                    {
                        case "jobId": job.Id = Text(r); break;
                        case "runId": job.RunId = Nullable(Text(r)); break;
                        case "ownerId": job.OwnerId = Nullable(Text(r)); break;
                        case "phase": job.Phase = Text(r).ToUpperInvariant(); break;
                        case "quote": job.Quote = Time(Text(r)); break;
                        case "creationTime": job.CreationTime = Time(Text(r)); break;
                        case "startTime": job.StartTime = Time(Text(r)); break;
                        case "endTime": job.EndTime = Time(Text(r)); break;
                        case "destruction": job.Destruction = Time(Text(r)); break;
                        case "executionDuration": job.ExecutionDuration = long.TryParse(Text(r), NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : (long?)null; break;
                        case "parameter":
                        {
                            var id = r.GetAttribute("id") ?? "";
                            var value = Text(r);
                            if (id.Length > 0) job.Parameters[id] = value;
                            break;
                        }
                        case "result":
                        {
                            var id = r.GetAttribute("id") ?? "result";
                            var href = r.GetAttribute("href", XLink) ?? r.GetAttribute("href");
                            if (href != null && Uri.TryCreate(url, href, out var u)) job.Results.Add(new KeyValuePair<string, Uri>(id, u));
                            r.Skip();
                            break;
                        }
                        case "errorSummary":
                        {
                            job.ErrorType = r.GetAttribute("type");
                            if (r.IsEmptyElement) { r.Read(); break; }
                            var sub = r.Depth;
                            r.Read();
                            while (!r.EOF && r.Depth > sub)
                            {
                                if (r.NodeType == XmlNodeType.Element && r.LocalName == "message") { job.ErrorMessage = Text(r); continue; }
                                r.Read();
                            }
                            break;
                        }
                        case "parameters":
                        case "results":
                            r.Read(); // into the children
                            break;
                        default:
                            r.Skip();
                            break;
                    }
                }
                return job;
            }
            catch (XmlException ex)
            {
                throw new FormatException("malformed UWS job: " + ex.Message, ex);
            }
        }

        /// <summary>The entries of a job list; <paramref name="listUrl"/> resolves relative or missing hrefs.</summary>
        /// <exception cref="FormatException">not a UWS job list</exception>
        public static IReadOnlyList<UwsJob> ParseJobList(Stream stream, Uri listUrl)
        {
            var jobs = new List<UwsJob>();
            try
            {
                using var r = Reader(stream, ServerText.MaxJobList, "a UWS job list");
                if (r.MoveToContent() != XmlNodeType.Element || (r.LocalName != "jobs" && r.LocalName != "jobList" && r.LocalName != "joblist"))
                    throw new FormatException($"not a UWS job list (root <{r.LocalName}>)");
                r.Read();
                while (!r.EOF)
                {
                    if (r.NodeType == XmlNodeType.Element && (r.LocalName == "jobref" || r.LocalName == "jobRef" || r.LocalName == "job"))
                    {
                        jobs.Add(ReadJobRef(r, listUrl));
                        continue;
                    }
                    r.Read();
                }
            }
            catch (XmlException ex)
            {
                throw new FormatException("malformed UWS job list: " + ex.Message, ex);
            }
            return jobs;
        }

        private static UwsJob ReadJobRef(XmlReader r, Uri listUrl)
        {
            var job = new UwsJob { IsReference = true, Id = r.GetAttribute("id") ?? "" };
            var href = r.GetAttribute("href", XLink) ?? r.GetAttribute("href");
            if (r.IsEmptyElement) { r.Read(); return Finish(job, href, listUrl); }
            var depth = r.Depth;
            r.Read();
            while (!r.EOF && r.Depth > depth)
            {
                if (r.NodeType != XmlNodeType.Element) { r.Read(); continue; }
                switch (r.LocalName)
                {
                    case "phase": job.Phase = Text(r).ToUpperInvariant(); break;
                    case "runId": job.RunId = Nullable(Text(r)); break;
                    case "ownerId": job.OwnerId = Nullable(Text(r)); break;
                    case "creationTime": job.CreationTime = Time(Text(r)); break;
                    case "jobId": job.Id = job.Id.Length > 0 ? job.Id : Text(r); break;
                    default: r.Skip(); break;
                }
            }
            r.Read(); // past </jobref>
            return Finish(job, href, listUrl);
        }

        private static UwsJob Finish(UwsJob job, string? href, Uri listUrl)
        {
            if (href != null && Uri.TryCreate(listUrl, href, out var u)) job.Url = u;
            else if (job.Id.Length > 0) job.Url = new Uri(listUrl.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(job.Id));
            return job;
        }

        private static string Text(XmlReader r)
        {
            var text = ServerText.ElementText(r, ServerText.MaxValueChars, "a UWS value") ?? "";
            r.Read(); // past the element
            return text.Trim();
        }

        private static string? Nullable(string s) => s.Length == 0 ? null : s;

        private static DateTime? Time(string s)
            => s.Length > 0 && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : (DateTime?)null;
    }
}

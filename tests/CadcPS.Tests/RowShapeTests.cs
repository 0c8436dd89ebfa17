using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CadcPS.Tests.Infrastructure;
using Xunit;

namespace CadcPS.Tests
{
    /// <summary>What a server's column names become in PowerShell: each value readable by its key, none shadowed, none lost.</summary>
    public sealed class RowShapeTests
    {
        /// <summary>A loopback TAP service answering every query with one row of the given columns (values 1, 2, 3...).</summary>
        private static LoopbackServer Service(Func<string, string> document)
            => new LoopbackServer(async (ctx, request) =>
            {
                ctx.Response.ContentType = "application/x-votable+xml";
                await LoopbackServer.WriteAsync(ctx.Response, document(Uri.UnescapeDataString(request.Body.Replace('+', ' '))));
            });

        private static string OneRow(IReadOnlyList<string> fieldTags)
        {
            var head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n"
                + "<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>\n" + string.Concat(fieldTags) + "<DATA><TABLEDATA>\n<TR>";
            return head + string.Concat(fieldTags.Select((_, i) => $"<TD>{i + 1}</TD>")) + "</TR>\n</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n";
        }

        private static string Field(string name) => $"<FIELD name=\"{name}\" datatype=\"int\"/>\n";

        [Fact]
        public void DuplicateNames_NeverTakeALaterColumnsName()
        {
            // a, A, a_2, A_2, a: $r.a_2 used to be column A's value (A was keyed A_2, and PowerShell finds properties case-insensitively).
            using var server = Service(_ => OneRow(new[] { Field("a"), Field("A"), Field("a_2"), Field("A_2"), Field("a") }));
            using var e = new Engine();
            var r = e.Run("$r = Invoke-CadcTap 'SELECT 1' -Service $u; $r.PSObject.Properties.Name -join ','; $r.a; $r.a_2; $r.A_3; $r.A_2_2; $r.a_4",
                Engine.Vars(("u", server.BaseUrl + "/tap"))).AssertNoErrors();
            Assert.Equal(new object[] { "a,A_3,a_2,A_2_2,a_4", 1, 3, 2, 4, 5 }, r.Output.Select(o => o.BaseObject).ToArray());
        }

        [Fact]
        public void NamesPowerShellReserves_AreKeyedWithAnUnderscore_AndBlankNamesByPosition()
        {
            // PSObject, psbase... are on every object: a property of that name could not be read. name="" failed (UnexpectedError).
            using var server = Service(_ => OneRow(new[]
            {
                Field("PSObject"), Field("PSTypeNames"), Field("psbase"), Field("psadapted"), Field("psextended"), Field(""),
                "<FIELD datatype=\"int\"/>\n", "<FIELD name=\"\" ID=\"ident\" datatype=\"int\"/>\n", Field("psbase_"),
            }));
            using var e = new Engine();
            var r = e.Run("$r = Invoke-CadcTap 'SELECT 1' -Service $u; $r.PSObject.Properties.Name -join ','; $r.PSObject_; $r.PSTypeNames_; $r.psbase_; $r.psadapted_; $r.psextended_; $r.col_6; $r.col_7; $r.ident; $r.psbase__2; $r.PSObject.BaseObject.GetType().Name",
                Engine.Vars(("u", server.BaseUrl + "/tap"))).AssertNoErrors();
            var values = r.Output.Select(o => o.BaseObject).ToArray();
            Assert.Equal("PSObject_,PSTypeNames_,psbase__2,psadapted_,psextended_,col_6,col_7,ident,psbase_", values[0]);
            Assert.Equal(new object[] { 1, 2, 9, 4, 5, 6, 7, 8, 3 }, values.Skip(1).Take(9).ToArray());
        }

        [Fact]
        public void RowValues_AreEachRowsOwn_AndCanBeSet()
        {
            // A row keeps its values in the array the reader made for it: setting one row's value changes no other row's,
            // and reads back as set, as a PSCustomObject's would, also in its text.
            using var server = Service(_ => OneRow(new[] { Field("a"), Field("b") }).Replace("</TR>\n", "</TR>\n<TR><TD>3</TD><TD>4</TD></TR>\n"));
            using var e = new Engine();
            var r = e.Run("$r = Invoke-CadcTap 'SELECT a, b FROM t' -Service $u; $r[0].a = 10; $r[1].b = 'x'; $r[0].a; $r[0].b; $r[1].a; $r[1].b; \"$($r[0]); $($r[1])\"",
                Engine.Vars(("u", server.BaseUrl + "/tap"))).AssertNoErrors();
            Assert.Equal(new object[] { 10, 2, 3, "x", "@{a=10; b=2}; @{a=3; b=x}" }, r.Output.Select(o => o.BaseObject).ToArray());
        }

        [Fact]
        public void ManyResultShapes_MakeABoundedNumberOfRowClasses()
        {
            // Every shape made a dynamic assembly, never unloaded: a loop over 1000 differently named columns made 1000.
            using var server = Service(body =>
            {
                var m = System.Text.RegularExpressions.Regex.Match(body, @"SELECT c(\d+)");
                return OneRow(new[] { Field("c" + m.Groups[1].Value), Field("k") });
            });
            using var e = new Engine();
            static int RowAssemblies() => AppDomain.CurrentDomain.GetAssemblies().Count(a => a.IsDynamic && (a.GetName().Name ?? "").StartsWith("CadcPS.Rows", StringComparison.Ordinal));
            var before = RowAssemblies();
            var r = e.Run("1..300 | ForEach-Object { $r = Invoke-CadcTap \"SELECT c$_ FROM t\" -Service $u; if ($r.\"c$_\" -ne 1 -or $r.k -ne 2) { throw \"shape $_ read wrong\" } }; 'done'",
                Engine.Vars(("u", server.BaseUrl + "/tap")), TimeSpan.FromMinutes(3)).AssertNoErrors();
            Assert.Equal("done", r.Output.Single().BaseObject);
            var made = RowAssemblies() - before;
            Assert.True(made <= 256, $"{made} row assemblies for 300 shapes");
            Assert.True(RowAssemblies() <= 256, $"{RowAssemblies()} row assemblies in the process");
            // A shape beyond the bound still reads and formats like the others.
            var last = e.Run("$r = Invoke-CadcTap 'SELECT c9999 FROM t' -Service $u; $r.c9999; $r.PSObject.TypeNames[0]", Engine.Vars(("u", server.BaseUrl + "/tap"))).AssertNoErrors();
            Assert.Equal(new object[] { 1, "CadcPS.TapRow" }, last.Output.Select(o => o.BaseObject).ToArray());
        }
    }
}

using System.IO;
using System.Linq;
using System.Text;
using Cadc.Core.VOTable;
using Xunit;

namespace Cadc.Core.Tests.VOTable
{
    /// <summary>VOTableCut: the document as served up to the rows kept, valid, and the results table found among others.</summary>
    public sealed class VOTableCutTests
    {
        private static (string Text, long Rows) Cut(string doc, long keep)
        {
            var bytes = Encoding.UTF8.GetBytes(doc);
            using var reader = VOTableReader.Open(new MemoryStream(bytes));
            var output = new MemoryStream();
            var rows = VOTableCut.Write(new MemoryStream(bytes), output, reader.TableAt, reader.Fields, keep);
            return (Encoding.UTF8.GetString(output.ToArray()), rows);
        }

        [Fact]
        public void APrefixedDocument_WithAMetaTableBeforeTheResults_IsCutInItsResultsTable()
        {
            const string doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<v:VOTABLE xmlns:v=\"http://www.ivoa.net/xml/VOTable/v1.3\" version=\"1.4\">\n"
                + "<v:RESOURCE type=\"meta\"><v:TABLE><v:FIELD name=\"m\" datatype=\"int\"/><v:DATA><v:TABLEDATA><v:TR><v:TD>9</v:TD></v:TR><v:TR><v:TD>9</v:TD></v:TR></v:TABLEDATA></v:DATA></v:TABLE></v:RESOURCE>\n"
                + "<v:RESOURCE type=\"results\"><v:INFO name=\"QUERY_STATUS\" value=\"OK\"/><!-- rows follow -->\n<v:TABLE><v:FIELD name=\"n\" datatype=\"int\"><v:DESCRIPTION>a &amp; b</v:DESCRIPTION></v:FIELD>\n"
                + "<v:DATA><v:TABLEDATA>\n<v:TR><v:TD>1</v:TD></v:TR>\n<v:TR><v:TD>2</v:TD></v:TR>\n<v:TR><v:TD>3</v:TD></v:TR>\n</v:TABLEDATA></v:DATA></v:TABLE></v:RESOURCE>\n"
                + "<v:RESOURCE type=\"meta\" utype=\"adhoc:service\"><v:PARAM name=\"accessURL\" datatype=\"char\" arraysize=\"*\" value=\"http://x\"/></v:RESOURCE>\n</v:VOTABLE>\n";
            var (text, rows) = Cut(doc, 2);
            Assert.Equal(2, rows);
            using var reader = VOTableReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)));
            Assert.Equal("n", reader.Fields.Single().Name);
            Assert.Equal("a & b", reader.Fields.Single().Description);
            Assert.Equal(1, reader.ReadRow()![0]);
            Assert.Equal(2, reader.ReadRow()![0]);
            Assert.Null(reader.ReadRow());
            Assert.Equal("OVERFLOW", reader.QueryStatus);
            Assert.Contains("<v:TD>9</v:TD>", text); // the meta table is copied as it was
            Assert.Contains("<!-- rows follow -->", text);
        }

        [Fact]
        public void ADocumentCutInTheMiddleOfTheRowAfterTheLimit_IsEnough()
        {
            var doc = "<VOTABLE><RESOURCE><TABLE><FIELD name=\"n\" datatype=\"int\"/><DATA><TABLEDATA><TR><TD>1</TD></TR><TR><TD>2</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
            var bytes = Encoding.UTF8.GetBytes(doc);
            using var reader = VOTableReader.Open(new MemoryStream(bytes));
            var prefix = doc.Substring(0, doc.IndexOf("<TD>2", System.StringComparison.Ordinal) + 5); // the file as saved when row 2 was seen
            var output = new MemoryStream();
            Assert.Equal(1, VOTableCut.Write(new MemoryStream(Encoding.UTF8.GetBytes(prefix)), output, reader.TableAt, reader.Fields, 1));
            using var cut = VOTableReader.Open(new MemoryStream(output.ToArray()));
            Assert.Equal(1, cut.ReadRow()![0]);
            Assert.Null(cut.ReadRow());
        }
    }
}

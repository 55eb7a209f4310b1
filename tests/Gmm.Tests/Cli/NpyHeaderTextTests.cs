using System.Text;
using System.Text.RegularExpressions;
using Gmm.Cli.Formats;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>The .npy header's values are found exactly where the regular expressions the reader used before find them.</summary>
public sealed class NpyHeaderTextTests
{
    private static readonly Regex Descr = new(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]");
    private static readonly Regex Fortran = new(@"['""]fortran_order['""]\s*:\s*(True|False)");
    private static readonly Regex Shape = new(@"['""]shape['""]\s*:\s*\(([^)]*)\)");

    private static void AssertAsRegex(string text)
    {
        var descr = Descr.Match(text);
        var fortran = Fortran.Match(text);
        var shape = Shape.Match(text);
        Assert.Equal(descr.Success ? descr.Groups[1].Value : null, NpyHeaderText.Descr(text));
        Assert.Equal(fortran.Success ? fortran.Groups[1].Value : null, NpyHeaderText.FortranOrder(text));
        Assert.Equal(shape.Success ? shape.Groups[1].Value : null, NpyHeaderText.Shape(text));
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 16), }          \n")]
    [InlineData("{\"descr\":\"<f4\",\"fortran_order\":True,\"shape\":(3,)}")]
    [InlineData("{'descr' : 5, 'descr': '|u1', 'shape': [2], 'shape':(), 'fortran_order': maybe, 'fortran_order':\u00a0\u2028True}")]
    [InlineData("{'descr': '<f8")]
    [InlineData("{'shape': (1, 2")]
    [InlineData("'descr\"\t:\n\"x'")]
    [InlineData("")]
    [InlineData("'descr'")]
    [InlineData("'descr':")]
    [InlineData("'DESCR': '<f8', 'Shape': (1,), 'fortran_order': true")]
    public void KnownHeadersAreReadAsTheRegularExpressionsReadThem(string text) => AssertAsRegex(text);

    [Fact]
    public void RandomHeadersAreReadAsTheRegularExpressionsReadThem()
    {
        string[] pieces = ["'", "\"", "descr", "shape", "fortran_order", ":", " ", "\t", "\u00a0", "(", ")", ",", "True", "False", "<f8", "1", "{", "}", "x"];
        var random = new Random(7);
        for (int trial = 0; trial < 20000; trial++)
        {
            var text = new StringBuilder();
            int count = random.Next(1, 24);
            for (int i = 0; i < count; i++) text.Append(pieces[random.Next(pieces.Length)]);
            AssertAsRegex(text.ToString());
        }
    }
}

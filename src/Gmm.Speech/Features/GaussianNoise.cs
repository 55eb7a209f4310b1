namespace Gmm.Speech.Features;

/// <summary>Seeded standard-normal numbers (Box–Muller) for dithering: the same seed gives the same sequence.</summary>
internal sealed class GaussianNoise(int seed)
{
    private readonly Random _random = new(seed);
    private double _spare = double.NaN;

    /// <summary>The next N(0, 1) draw.</summary>
    public double Next()
    {
        if (!double.IsNaN(_spare))
        {
            double spare = _spare;
            _spare = double.NaN;
            return spare;
        }
        double u1 = 1.0 - _random.NextDouble();   // (0, 1]: log(u1) is finite
        double u2 = _random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }
}

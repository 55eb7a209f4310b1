namespace Gmm.Cpu;

/// <summary>
/// An order of the components that puts components with nearby means next to each other: by the projection of each
/// mean on the principal axis of the means (the leading eigenvector of their scatter, by power iteration). A kernel
/// with components in the lanes of a register can then skip, per point, the registers whose responsibilities are all
/// exactly 0 (components far from the point), which an order that mixes near and far components in every register
/// rarely allows. Deterministic: the same means give the same order.
/// </summary>
internal static class ComponentOrder
{
    private const int PowerIterations = 16;

    /// <summary>
    /// slots[c] = the position of component c (0 … k − 1) along the principal axis of the k×d row-major
    /// <paramref name="means"/>; ties keep the components' own order.
    /// </summary>
    public static void AlongPrincipalAxis(ReadOnlySpan<double> means, int k, int d, Span<int> slots)
    {
        var centre = new double[d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) centre[j] += means[c * d + j] / k;
        // Start from the centred mean farthest from the centre: close to the principal axis unless the means are
        // spread evenly in every direction, where no order does much better than another.
        var axis = new double[d];
        double farthest = -1;
        for (int c = 0; c < k; c++)
        {
            double norm = 0;
            for (int j = 0; j < d; j++) norm += (means[c * d + j] - centre[j]) * (means[c * d + j] - centre[j]);
            if (norm > farthest)
            {
                farthest = norm;
                for (int j = 0; j < d; j++) axis[j] = means[c * d + j] - centre[j];
            }
        }
        var next = new double[d];
        for (int iteration = 0; iteration < PowerIterations && farthest > 0; iteration++)
        {
            Array.Clear(next);
            for (int c = 0; c < k; c++)
            {
                double projection = 0;
                for (int j = 0; j < d; j++) projection += (means[c * d + j] - centre[j]) * axis[j];
                for (int j = 0; j < d; j++) next[j] += projection * (means[c * d + j] - centre[j]);
            }
            double length = Math.Sqrt(next.Sum(v => v * v));
            if (!(length > 0)) break;
            for (int j = 0; j < d; j++) axis[j] = next[j] / length;
        }
        var keys = new double[k];
        var order = new int[k];
        for (int c = 0; c < k; c++)
        {
            order[c] = c;
            for (int j = 0; j < d; j++) keys[c] += means[c * d + j] * axis[j];
            if (double.IsNaN(keys[c])) keys[c] = 0;
        }
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        for (int position = 0; position < k; position++) slots[order[position]] = position;
    }
}

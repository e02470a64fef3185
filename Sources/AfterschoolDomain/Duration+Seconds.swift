extension Duration {
    /// The duration in seconds, as a `Double` (for timings printed and
    /// recorded).
    package var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

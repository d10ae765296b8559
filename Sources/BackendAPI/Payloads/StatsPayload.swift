import Market

/// `GET /v1/stats` and the `stats` channel.
struct StatsPayload: Encodable, Sendable {
    var tvlUsd: Double
    var volume24hUsd: Double
    var fees24hUsd: Double
    var swaps24h: Int
    var pools: Int
    var tokens: Int
    var sequence: UInt64
    var blockNumber: UInt64
    var timestamp: Int64

    init(_ view: MarketView) {
        let totals = view.analytics.totals
        tvlUsd = Display.usd(totals.tvlUsd)
        volume24hUsd = Display.usd(totals.volume24hUsd)
        fees24hUsd = Display.usd(totals.fees24hUsd)
        swaps24h = totals.swaps24h
        pools = view.livePools.count
        tokens = view.state.tokens.count
        sequence = view.sequence
        blockNumber = view.state.blockNumber
        timestamp = view.state.timestamp
    }
}

/// One day of `GET /v1/stats/history`.
struct DailyStatsPayload: Encodable, Sendable {
    var date: String
    var tvlUsd: Double
    var volumeUsd: Double
    var feesUsd: Double
    var swaps: Int

    init(_ day: DailyTotals) {
        date = CivilDate(unixSeconds: day.day).description
        tvlUsd = Display.usd(day.tvlUsd)
        volumeUsd = Display.usd(day.volumeUsd)
        feesUsd = Display.usd(day.feesUsd)
        swaps = day.swaps
    }
}

/// A UTC calendar date from unix seconds (Howard Hinnant's days-to-civil).
struct CivilDate: CustomStringConvertible {
    var year: Int64, month: Int64, day: Int64

    init(unixSeconds: Int64) {
        let days = (unixSeconds - ((unixSeconds % 86_400) + 86_400) % 86_400) / 86_400 + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var description: String {
        func pad(_ value: Int64, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

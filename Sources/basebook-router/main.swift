import ArgumentParser
import Foundation
import Logging
import Market
import RouterService
import ServiceKit

@main
struct BaseBookRouter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basebook-router",
        abstract: "BaseBook router: optimal routes and exact swap simulation over Uniswap-v3/v2 pools.",
        subcommands: [Serve.self, Simulate.self, MarketCommand.self]
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve quotes over HTTP (PORT, default 8080) with metrics on METRICS_PORT (default 9091).",
        discussion: """
        The market state comes from a snapshot file, the backend's state feed, or both (the file
        first, then the feed keeps it current). Other settings are environment variables:
        HOST, PORT, METRICS_PORT, LOG_LEVEL, INTERNAL_TOKEN, STATE_MAX_AGE_SECONDS, MAX_HOPS,
        MAX_SPLITS, DEFAULT_SLIPPAGE_BPS, DEFAULT_GAS_PRICE_WEI, QUOTE_CACHE_SIZE,
        MAX_BATCH_QUOTES, MAX_BODY_BYTES. SIGTERM or SIGINT stops it gracefully (exit 0).
        """
    )

    @Option(name: .customLong("state-file"), help: "A market snapshot (JSON) to load at start; also STATE_FILE.")
    var stateFile: String?

    @Option(name: .customLong("backend-url"), help: "The backend whose /internal/v1/state feed to follow; also BACKEND_URL.")
    var backendURL: String?

    func run() async throws {
        let settings: RouterSettings
        do {
            settings = try RouterSettings.load(from: .process, stateFile: stateFile, backendURL: backendURL)
        } catch {
            Self.fail("configuration: \(error)", exitCode: CommandFailure.configuration)
        }
        if settings.stateFile == nil && settings.backendURL == nil {
            Self.fail("no market state source: pass --state-file FILE or --backend-url URL (or set STATE_FILE / BACKEND_URL)", exitCode: CommandFailure.usage)
        }
        ServiceLogging.bootstrap(level: settings.server.logLevel)
        let metrics = MetricsRegistry(descriptions: RouterService.RouterMetrics.descriptions)
        metrics.bootstrapMetricsSystem()
        let logger = Logger(label: "basebook-router")
        do {
            try await RouterServer(settings: settings, metrics: metrics, logger: logger).run()
        } catch let error as StateFile.LoadError {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            Self.fail("\(error)", exitCode: CommandFailure.noInput)
        } catch {
            logger.critical("stopped on error", metadata: ["error": "\(error)"])
            Self.fail("\(error)", exitCode: CommandFailure.failure)
        }
    }

    static func fail(_ message: String, exitCode: Int32) -> Never {
        CommandFailure.exit("basebook-router serve", message, exitCode: exitCode)
    }
}

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run swaps against one pool exactly as the pool contract would.",
        discussion: """
        Reads one JSON document from stdin:
          {"pool": {"kind":"concentrated","fee":3000,"tickSpacing":60,"sqrtPriceX96":"…","tick":0,
                    "liquidity":"…","ticks":[{"index":-887220,"liquidityNet":"…"}, …]},
           "swaps": [{"zeroForOne":true,"amountSpecified":"…","sqrtPriceLimitX96":"…"}, …]}
        and writes {"results": […]} to stdout: per swap the signed pool deltas amount0/amount1, the
        resulting sqrtPriceX96, tick and liquidity and the initialized ticks crossed, or an error
        where the contract would revert. Each swap starts from the given state.
        """
    )

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        do {
            var output = try SwapSimulation.run(input)
            output.append(0x0A)
            FileHandle.standardOutput.write(output)
        } catch {
            FileHandle.standardError.write(Data("basebook-router simulate: \(error.message)\n".utf8))
            throw ExitCode(65)
        }
    }
}

struct MarketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market",
        abstract: "Write a deterministic synthetic market snapshot (JSON) to stdout.",
        discussion: """
        Hub tokens at their Base addresses, a long tail, several fee tiers per popular pair,
        concentrated positions around prices and some constant-product pools. The same
        arguments always give the same bytes, so benchmarks and demos are reproducible:
          basebook-router market --pools 1000 --tokens 200 --seed 1 > state.json
          basebook-router serve --state-file state.json
        """
    )

    @Option(help: "Number of pools.")
    var pools: Int = 1000

    @Option(help: "Number of tokens (hubs first, then the long tail).")
    var tokens: Int = 200

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1

    @Option(name: .customLong("chain-id"), help: "Chain id written into the snapshot.")
    var chainId: UInt64 = 8453

    func run() throws {
        let snapshot: MarketSnapshot
        do {
            snapshot = try SyntheticMarket.generate(pools: pools, tokens: tokens, seed: seed, chainId: chainId)
        } catch {
            FileHandle.standardError.write(Data("basebook-router market: \(error)\n".utf8))
            throw ExitCode(64)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var output = try encoder.encode(snapshot)
        output.append(0x0A)
        FileHandle.standardOutput.write(output)
    }
}

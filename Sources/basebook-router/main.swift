import ArgumentParser
import Foundation
import RouterService

@main
struct BaseBookRouter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basebook-router",
        abstract: "BaseBook router: optimal routes and exact swap simulation over Uniswap-v3/v2 pools.",
        subcommands: [Simulate.self]
    )
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

import ArgumentParser

@main
struct BaseBookAPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basebook-api",
        abstract: "BaseBook backend API: market state, REST on 4000, WebSocket on 4001, metrics on 9090.",
        discussion: "The service is not built yet; this executable only prints its usage."
    )

    func run() throws {
        print(Self.helpMessage())
    }
}

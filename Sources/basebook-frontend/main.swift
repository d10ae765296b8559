import ArgumentParser

@main
struct BaseBookFrontend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basebook-frontend",
        abstract: "BaseBook frontend: serves the web app and its runtime config on 3000.",
        discussion: "The service is not built yet; this executable only prints its usage."
    )

    func run() throws {
        print(Self.helpMessage())
    }
}

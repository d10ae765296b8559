/// Something owning handles or connections on the data loop, closed when the loop shuts down
/// if its owner has not closed it first. Called on the loop thread only.
protocol LoopResource: AnyObject {
    /// Close every handle and connection and fail pending work with `DataLoopError.shutDown`.
    func shutdownOnLoop()
}

import XCTest
@testable import SievePipeline

final class SievePipelineSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}

import XCTest
@testable import SieveTokenize

final class SieveTokenizeSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}

import XCTest
@testable import SieveDedup

final class SieveDedupSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}

import XCTest
@testable import SieveIO

final class SieveIOSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}

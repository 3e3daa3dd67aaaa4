import XCTest
@testable import SieveRobots

final class SieveRobotsSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}

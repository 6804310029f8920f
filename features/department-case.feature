@department-case
Feature: The department in any letter case (declared)
  RFC 9562 makes a UUID's hex digits case-insensitive on input. A service
  that reads departmentUuid so declares it in its fixtures (rules:
  departmentCase: insensitive), and is held to it: the same UUID in upper
  case is the same department, with the same customer. The mock declares it.

  Scenario: The department in upper case is the same department
    Given the fixture for status 200
    And the department is in upper case
    When the client requests the customer profile
    Then the response status is 200
    And the customer is the one of the department in lower case

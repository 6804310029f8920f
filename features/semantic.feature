@200 @semantic
Feature: What the schema cannot say about the profile
  The schema checks names and types. These rules check that the profile is
  the one that was asked for, and that its values mean what the page implies.

  Background:
    Given the fixture for status 200

  Scenario: The profile names the requested department
    When the client requests the customer profile
    Then the response status is 200
    And the profile's departmentUuid is the requested department

  Scenario: Every approval associate belongs to the requested department
    When the client requests the customer profile
    Then the response status is 200
    And every approval associate's departmentUuid is the requested department

  Scenario: The vehicle of the request is one of the customer's vehicles
    When the client requests the customer profile
    Then the response status is 200
    And the vehicleInfo is one of the customer's vehicles

  Scenario: Every review time is an RFC 3339 date-time
    When the client requests the customer profile
    Then the response status is 200
    And every reviewedAtDateTime is an RFC 3339 date-time

@200
Feature: The customer profile (200)
  A request for a department and token the implementation knows, with the
  credentials it accepts, is answered 200 with the customer's profile, shaped
  as the API page describes it.

  Background:
    Given the fixture for status 200

  Scenario: The profile satisfies the contract
    When the client requests the customer profile
    Then the response status is 200
    And the Content-Type is JSON
    And the response body satisfies the contract for status 200

  @strict
  Scenario: The profile holds every documented field, and nothing else
    When the client requests the customer profile
    Then the response status is 200
    And the response body satisfies the strict contract for status 200

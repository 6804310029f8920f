@500
Feature: Server error (500)
  The fixture for 500 names a request the implementation answers with 500
  (a test hook, a poisoned token). Even then it answers with the error
  envelope, as JSON.

  Background:
    Given the fixture for status 500

  Scenario: A server error carries the error envelope
    When the client requests the customer profile
    Then the response status is 500
    And the Content-Type is JSON
    And the response body satisfies the contract for status 500
    And the response body holds at least one error

  @strict
  Scenario: The error envelope holds every documented field, and nothing else
    When the client requests the customer profile
    Then the response status is 500
    And the response body satisfies the strict contract for status 500

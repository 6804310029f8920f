package mocktest_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"

	"github.com/profilemock/profilemock/mock"
	"github.com/profilemock/profilemock/mock/mocktest"
)

// A Go team embeds the mock in its tests: one call starts it on a loopback
// port, and the client under test is pointed at srv.URL.
func ExampleNewServer() {
	srv, err := mocktest.NewServer(mock.Config{Seed: 42})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	req, err := http.NewRequest(http.MethodGet,
		srv.URL+"/department/3f0c8a52-7d4e-4b1a-9c2f-5e6d7a8b9c0d/customer-profile/demo-token", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer any-token") // any well-formed credential is accepted
	resp, err := srv.Client().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()

	var body struct {
		DTO struct {
			DepartmentUUID string `json:"departmentUuid"`
		} `json:"customerProfileDataRequestDTO"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Status)
	fmt.Println(resp.Header.Get("X-Mock-Scenario"))
	fmt.Println(body.DTO.DepartmentUUID)
	// Output:
	// 200 OK
	// default
	// 3f0c8a52-7d4e-4b1a-9c2f-5e6d7a8b9c0d
}
